import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ocdsSharedDir } from '../validation/ocds-validator';
import { compileReleases, type OcdsRelease } from './compile-release';

const release = (date: string, body: Record<string, unknown>): OcdsRelease => ({
  ocid: 'ocds-x-1',
  id: `r-${date}`,
  date,
  tag: ['tender'],
  ...body,
});

/** A release of tender `t` dated 2026-01-0`day`, with `rest` beside the tender. */
const tenderOn = (day: number, tender: Record<string, unknown>, rest: Record<string, unknown> = {}) =>
  release(`2026-01-0${day}T00:00:00Z`, { tender: { id: 't', ...tender }, ...rest });

describe('compileReleases', () => {
  it("compiles the six releases of the official fictional example into its record's compiled release", () => {
    const examples = join(ocdsSharedDir(), '1.1.5', 'examples');
    const releases = readdirSync(examples)
      .filter((file) => /^ocds-213czf-000-00001-\d\d-/.test(file))
      .map((file) => JSON.parse(readFileSync(join(examples, file), 'utf8')).releases[0] as OcdsRelease);
    const record = JSON.parse(readFileSync(join(examples, 'record-ocds-213czf-000-00001.json'), 'utf8')).records[0];

    expect(releases).toHaveLength(6);
    expect(compileReleases([...releases].reverse())).toEqual(record.compiledRelease);
  });

  it('lets later values win, merges arrays of objects by id and replaces arrays of strings', () => {
    const compiled = compileReleases([
      tenderOn(1, {
        title: 'A',
        submissionMethod: ['electronicSubmission'],
        items: [
          { id: '1', quantity: 1 },
          { id: '2', quantity: 2 },
        ],
      }),
      tenderOn(2, {
        submissionMethod: ['electronicAuction'],
        items: [
          { id: '2', quantity: 5 },
          { id: '3', quantity: 3 },
        ],
      }),
    ]);
    expect(compiled).toEqual({
      tag: ['compiled'],
      id: 'ocds-x-1-2026-01-02T00:00:00Z',
      date: '2026-01-02T00:00:00Z',
      ocid: 'ocds-x-1',
      tender: {
        id: 't',
        title: 'A',
        submissionMethod: ['electronicAuction'],
        items: [
          { id: '1', quantity: 1 },
          { id: '2', quantity: 5 },
          { id: '3', quantity: 3 },
        ],
      },
    });
  });

  it('removes a field set to null, ignores empty objects and arrays, and replaces wholeListMerge arrays', () => {
    const compiled = compileReleases([
      tenderOn(1, {
        description: 'x',
        items: [
          {
            id: '1',
            additionalClassifications: [
              { scheme: 'CPV', id: 'a' },
              { scheme: 'CPV', id: 'b' },
            ],
          },
        ],
      }),
      tenderOn(
        2,
        {
          description: null,
          documents: [],
          milestones: [{ title: 'no id' }],
          items: [{ id: '1', additionalClassifications: [{ scheme: 'CPV', id: 'c' }] }],
        },
        { planning: {} },
      ),
    ]);
    expect(compiled.tender).toEqual({
      id: 't',
      items: [{ id: '1', additionalClassifications: [{ scheme: 'CPV', id: 'c' }] }],
      milestones: [{ title: 'no id' }],
    });
    expect(compiled).not.toHaveProperty('planning');
  });
});
