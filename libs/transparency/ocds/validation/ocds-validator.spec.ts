import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OcdsValidator, ocdsSharedDir } from './ocds-validator';

const validator = OcdsValidator.load();
const example = (file: string) => JSON.parse(readFileSync(join(ocdsSharedDir(), '1.1.5', 'examples', file), 'utf8'));

describe('OcdsValidator', () => {
  it.each(
    readdirSync(join(ocdsSharedDir(), '1.1.5', 'examples')).filter((file) =>
      /^ocds-213czf-000-00001(-\d\d-\w+)?\.json$/.test(file),
    ),
  )('accepts the official fictional release package %s', (file) => {
    expect(validator.validateReleasePackage(example(file))).toEqual({ valid: true, errors: [] });
  });

  it.each(['record-ocds-213czf-000-00001.json', 'record-ocds-213czf-000-00001-withversions.json'])(
    'accepts the official record package %s',
    (file) => {
      expect(validator.validateRecordPackage(example(file))).toEqual({ valid: true, errors: [] });
    },
  );

  it('accepts each release of the fictional example on its own', () => {
    for (const release of example('ocds-213czf-000-00001.json').releases)
      expect(validator.validateRelease(release).errors).toEqual([]);
  });

  describe('refuses a broken release', () => {
    const good = () => structuredClone(example('ocds-213czf-000-00001-04-award.json').releases[0]);

    it.each<[string, (release: any) => void, RegExp]>([
      ['without an ocid', (r) => delete r.ocid, /must have required property 'ocid'/],
      [
        'with a tag outside the codelist',
        (r) => (r.tag = ['awarded']),
        /\/tag\/0 must be equal to one of the allowed values/,
      ],
      [
        'with an amount written as text',
        (r) => (r.awards[0].value.amount = '123.45'),
        /\/awards\/0\/value\/amount must be number,null/,
      ],
      ['with a date that is not RFC 3339', (r) => (r.date = '10/05/2010'), /\/date must match format "date-time"/],
      [
        'with an unknown award status',
        (r) => (r.awards[0].status = 'done'),
        /\/awards\/0\/status must be equal to one of the allowed values/,
      ],
      [
        'with a contract lacking its awardID',
        (r) => (r.contracts = [{ id: 'c-1' }]),
        /\/contracts\/0 must have required property 'awardID'/,
      ],
    ])('%s', (_, breakIt, message) => {
      const release = good();
      expect(validator.validateRelease(release).valid).toBe(true);
      breakIt(release);
      const result = validator.validateRelease(release);
      expect(result.valid).toBe(false);
      expect(result.errors.join('\n')).toMatch(message);
    });
  });

  it('knows the extensions: bids, lots and auctions are checked, not just allowed', () => {
    const release = structuredClone(example('ocds-213czf-000-00001-04-award.json').releases[0]);
    release.bids = { details: [{ id: 'b-1', status: 'opened', relatedLots: 'lot-1' }] };
    release.tender.lots = [{ id: 'lot-1', status: 'awarded' }];
    release.tender.auctions = [{ id: 'a-1', minimalStep: { amount: 'ten' } }];
    const errors = validator.validateRelease(release).errors.join('\n');
    expect(errors).toMatch(/\/bids\/details\/0\/status must be equal to one of the allowed values/);
    expect(errors).toMatch(/\/bids\/details\/0\/relatedLots must be array,null/);
    expect(errors).toMatch(/\/tender\/lots\/0\/status must be equal to one of the allowed values/);
    expect(errors).toMatch(/\/tender\/auctions\/0\/minimalStep\/amount must be number,null/);
  });

  it('refuses a release package with no releases or a release missing its id', () => {
    const pkg = example('ocds-213czf-000-00001-02-tender.json');
    expect(validator.validateReleasePackage({ ...pkg, releases: [] }).valid).toBe(false);
    delete pkg.releases[0].id;
    expect(validator.validateReleasePackage(pkg).errors.join('\n')).toMatch(
      /\/releases\/0 must have required property 'id'/,
    );
  });
});
