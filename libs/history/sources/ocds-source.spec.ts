import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SourceRecord } from '../application/source-record';
import { readOcdsPackage } from './ocds-source';

const shared = process.env.LICITA_SHARED_DIR ?? resolve(__dirname, '../../../../shared');
const sharedFile = (name: string) => readFileSync(resolve(shared, 'ocds-import', name));

type Procedure = Extract<SourceRecord, { kind: 'procedure' }>;
type Rejected = Extract<SourceRecord, { kind: 'rejected' }>;

async function read(input: Buffer | string | object): Promise<SourceRecord[]> {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(typeof input === 'string' ? input : JSON.stringify(input));
  const records: SourceRecord[] = [];
  for await (const record of readOcdsPackage({
    fileName: 'p.json',
    fileSha256: '0'.repeat(64),
    importId: 'import-1',
    bytes,
  }))
    records.push(record);
  return records;
}

const procedures = (records: SourceRecord[]) => records.filter((r): r is Procedure => r.kind === 'procedure');
const rejections = (records: SourceRecord[]) => records.filter((r): r is Rejected => r.kind === 'rejected');
const codes = (repairs: string[]) => repairs.map((repair) => repair.split(':')[0]);

/**
 * The independent count: a deliberately simple walk of the JSON, latest release of each ocid (or the record's
 * compiledRelease), amounts in minor units through the decimal text JSON prints back, never through this reader.
 */
function expectedTotals(releases: Array<Record<string, any>>) {
  const latest = new Map<string, Record<string, any>>();
  for (const release of releases) {
    const seen = latest.get(release.ocid);
    if (!seen || seen.date <= release.date) latest.set(release.ocid, release);
  }
  const methods: Record<string, number> = {};
  const contracts: Record<string, { count: number; minor: number }> = {};
  for (const release of latest.values()) {
    methods[release.tender.procurementMethod] = (methods[release.tender.procurementMethod] ?? 0) + 1;
    for (const contract of release.contracts ?? []) {
      const [units, cents = ''] = String(contract.value.amount).split('.');
      const total = (contracts[contract.value.currency] ??= { count: 0, minor: 0 });
      total.count += 1;
      total.minor += Number(units) * 100 + Number(cents.padEnd(2, '0'));
    }
  }
  return { methods, contracts };
}

function actualTotals(records: SourceRecord[]) {
  const methods: Record<string, number> = {};
  const contracts: Record<string, { count: number; minor: number }> = {};
  for (const { procedure, contracts: list } of procedures(records)) {
    methods[procedure.procedureTypeOriginal] = (methods[procedure.procedureTypeOriginal] ?? 0) + 1;
    for (const contract of list) {
      const total = (contracts[contract.value.currency] ??= { count: 0, minor: 0 });
      total.count += 1;
      total.minor += contract.value.amount;
    }
  }
  return { methods, contracts };
}

describe('reading the shared CDMX Finance OCDS', () => {
  it('reads the release package (no version) as one procedure per ocid, with the totals a plain walk finds', async () => {
    const bytes = sharedFile('release-package-1.json');
    const records = await read(bytes);
    const json = JSON.parse(bytes.toString('utf8')) as { releases: Array<Record<string, any>> };
    expect(rejections(records)).toEqual([]);
    expect(actualTotals(records)).toEqual(expectedTotals(json.releases));
    expect(new Set(json.releases.map((r) => r.ocid)).size).toBe(procedures(records).length);

    const [{ procedure, contracts }] = procedures(records);
    expect(procedure).toMatchObject({
      ocid: 'OCDS-87SD3T-AD-SF-DRM-063-2015',
      procedureType: 'invitation',
      procedureTypeOriginal: 'selective',
      title: 'ARRENDAMIENTO DE BIENES INFORMÁTICOS',
      buyer: { name: 'SECRETARÍA DE FINANZAS', code: 'GDF9712054NA', rfc: 'GDF9712054NA' },
      category: null,
      law: null,
      publishedAt: '2015-12-22T06:00:00.000Z',
      openingAt: '2015-12-22T06:00:00.000Z',
      awardedAt: '2015-12-30T06:00:00.000Z',
      source: { kind: 'ocds', rowKey: 'OCDS-87SD3T-AD-SF-DRM-063-2015', row: '/releases/0' },
    });
    expect(codes(procedure.repairs)).toEqual(
      expect.arrayContaining([
        'package.version_missing',
        'releases.compiled',
        'identifier.rfc_assumed',
        'law.not_federal',
      ]),
    );
    expect(contracts).toEqual([
      expect.objectContaining({
        code: '1',
        title: 'CA-004/2016',
        supplier: { name: 'COMUNIC@RTE & CONSULTING SA DE C', code: 'C&C021030KX2', rfc: 'C&C021030KX2' },
        value: { amount: 131126400, currency: 'MXN' },
        signedAt: '2015-12-30T06:00:00.000Z',
        startDate: '2016-01-01T06:00:00.000Z',
        endDate: '2016-12-31T06:00:00.000Z',
        status: 'active',
        source: expect.objectContaining({
          rowKey: 'OCDS-87SD3T-AD-SF-DRM-063-2015/contracts/1',
          row: '/releases/1/contracts/0',
        }),
      }),
    ]);
  });

  it('reads the record package through its compiledRelease, currencies kept apart', async () => {
    const bytes = sharedFile('record-package_package.json');
    const records = await read(bytes);
    const json = JSON.parse(bytes.toString('utf8')) as { records: Array<Record<string, any>> };
    expect(rejections(records)).toEqual([]);
    expect(actualTotals(records)).toEqual(expectedTotals(json.records.map((record) => record.compiledRelease)));
    expect(actualTotals(records).contracts).toEqual({
      MXN: { count: 1, minor: 131126400 },
      USD: { count: 1, minor: 7546496 },
    });
    expect(procedures(records).map((p) => [p.procedureKey, p.procedure.source.row])).toEqual([
      ['OCDS-87SD3T-AD-SF-DRM-063-2015', '/records/0/compiledRelease'],
      ['OCDS-87SD3T-AD-SF-DRM-065-2015', '/records/1/compiledRelease'],
    ]);
    expect(codes(procedures(records)[0].procedure.repairs)).not.toContain('package.version_missing');
  });
});

/** A minimal release of one ocid; `over` replaces or adds fields. */
const release = (over: Record<string, unknown> = {}) => ({
  ocid: 'ocds-abc-1',
  id: '1',
  date: '2020-03-01T10:00:00Z',
  tag: ['award'],
  buyer: { name: 'Unidad Compradora', identifier: { scheme: 'MX-RFC', id: 'UCO010101AB1' } },
  tender: {
    id: 'LA-001-2020',
    title: 'Papelería',
    procurementMethod: 'open',
    procurementMethodDetails: 'Licitación Pública Nacional',
    mainProcurementCategory: 'goods',
    tenderPeriod: { startDate: '2020-01-10T09:00:00-06:00', endDate: '2020-01-31T10:00:00-06:00' },
  },
  awards: [
    {
      id: 'a1',
      status: 'active',
      date: '2020-02-15T12:00:00-06:00',
      suppliers: [{ name: 'Papelera SA', identifier: { scheme: 'MX-RFC', id: 'PAP010101AAA' } }],
      value: { amount: 1000.5, currency: 'MXN' },
    },
  ],
  contracts: [
    { id: 'c1', awardID: 'a1', value: { amount: 1000.5, currency: 'MXN' }, dateSigned: '2020-02-20T12:00:00Z' },
  ],
  ...over,
});
const releasePackage = (...releases: object[]) => ({ version: '1.1', releases });

describe('reading messy OCDS', () => {
  it('maps a clean release: type from the Spanish details, category, federal law, dates, supplier RFC', async () => {
    const [record] = procedures(await read(releasePackage(release())));
    expect(record.procedure).toMatchObject({
      procedureType: 'public_national',
      procedureTypeOriginal: 'Licitación Pública Nacional',
      category: 'goods',
      law: 'LAASSP',
      number: 'LA-001-2020',
      publishedAt: '2020-01-10T15:00:00.000Z',
      awardedAt: '2020-02-15T18:00:00.000Z',
      repairs: [],
    });
    expect(record.contracts).toEqual([
      expect.objectContaining({
        supplier: { name: 'Papelera SA', code: 'PAP010101AAA', rfc: 'PAP010101AAA' },
        value: { amount: 100050, currency: 'MXN' },
        repairs: [],
      }),
    ]);
  });

  it.each([
    ['Licitación Pública Internacional Abierta', 'open', 'public_international'],
    ['Invitación a cuando menos tres personas', 'selective', 'invitation'],
    ['Adjudicación Directa Federal', 'limited', 'direct_award'],
    [undefined, 'direct', 'direct_award'],
    [undefined, 'limited', 'direct_award'],
    [undefined, 'Selective', 'invitation'],
    [undefined, 'Licitación Pública', 'public_national'],
  ])('reads details %p with method %p as %s', async (details, method, type) => {
    const tender = { ...release().tender, procurementMethod: method, procurementMethodDetails: details };
    const [record] = procedures(await read(releasePackage(release({ tender }))));
    expect(record.procedure.procedureType).toBe(type);
    expect(record.procedure.procedureTypeOriginal).toBe(details ?? method);
  });

  it('rejects, with the reason, a release whose method names no procedure type, or without buyer or ocid', async () => {
    const unknown = release({
      ocid: 'ocds-abc-2',
      tender: { ...release().tender, procurementMethod: 'auction', procurementMethodDetails: null },
    });
    const noBuyer = release({ ocid: 'ocds-abc-3', buyer: undefined });
    const noOcid = release({ ocid: undefined });
    const records = await read(releasePackage(release(), unknown, noBuyer, noOcid));
    expect(records.map((r) => (r.kind === 'rejected' ? r.reason.split(':')[0] : r.kind))).toEqual([
      'procedure',
      'ocds_import.procurement_method_unknown',
      'ocds_import.buyer_missing',
      'ocds_import.ocid_missing',
    ]);
    expect(rejections(records).map((r) => [r.row, r.rowKey])).toEqual([
      ['/releases/1', 'ocds-abc-2'],
      ['/releases/2', 'ocds-abc-3'],
      ['/releases/3', null],
    ]);
    expect(rejections(records)[0].original).toMatchObject({ ocid: 'ocds-abc-2' });
  });

  it('merges the releases of one ocid, later fields winning, whatever their order in the file', async () => {
    const tender = release({
      id: 't',
      date: '2020-01-10T09:00:00Z',
      tag: ['tender'],
      awards: undefined,
      contracts: undefined,
    });
    const amended = release({
      id: 'c',
      date: '2020-04-01T00:00:00Z',
      contracts: [
        { id: 'c1', value: { amount: 1200, currency: 'MXN' } },
        { id: 'c2', awardID: 'a1', value: { amount: 5, currency: 'MXN' } },
      ],
    });
    const other = release({ ocid: 'ocds-abc-9' });
    const records = await read(releasePackage(amended, other, tender, release(), release()));
    expect(records.map((r) => (r.kind === 'procedure' ? r.procedureKey : r.reason))).toEqual([
      'ocds-abc-1',
      'ocds-abc-9',
    ]);
    const [merged] = procedures(records);
    expect(merged.procedure.source.row).toBe('/releases/0');
    expect(merged.contracts.map((c) => [c.code, c.value.amount, c.signedAt, c.source.row])).toEqual([
      ['c1', 120000, '2020-02-20T12:00:00.000Z', '/releases/0/contracts/0'],
      ['c2', 500, null, '/releases/0/contracts/1'],
    ]);
    expect(codes(merged.procedure.repairs)).toEqual(['release.duplicate_id', 'releases.compiled']);
  });

  it('reads a release without awards as a procedure without contracts', async () => {
    const [record] = procedures(
      await read(releasePackage(release({ tag: ['tender'], awards: undefined, contracts: undefined }))),
    );
    expect(record.contracts).toEqual([]);
    expect(record.procedure.awardedAt).toBeNull();
  });

  it('reads an award made without a contract as one (not a pending one), and reports awards without suppliers or split between several', async () => {
    const awards = [
      { id: 'a1', status: 'active', suppliers: [], value: { amount: 10, currency: 'MXN' } },
      { id: 'a2', status: 'active', suppliers: [{ name: 'Uno' }], value: { amount: 20, currency: 'MXN' } },
      {
        id: 'a3',
        status: 'active',
        suppliers: [{ name: 'Dos' }, { name: 'Tres' }],
        value: { amount: 30, currency: 'MXN' },
      },
      { id: 'a4', status: 'cancelled', suppliers: [{ name: 'Cuatro' }], value: { amount: 40, currency: 'MXN' } },
      { id: 'a5', status: 'pending', suppliers: [{ name: 'Cinco' }], value: { amount: 50, currency: 'MXN' } },
      { id: 6, status: 'active', suppliers: [{ name: 'Seis' }], value: { amount: 60, currency: 'MXN' } },
      {
        id: 'a7',
        status: 'active',
        suppliers: [{ name: 'Siete' }, { name: 'Ocho' }],
        value: { amount: 70, currency: 'MXN' },
      },
    ];
    const contracts = [
      { id: 'c1', awardID: 'a1', value: { amount: 10, currency: 'MXN' } },
      { id: 'c3', awardID: 'a3', value: { amount: 30, currency: 'MXN' } },
      { id: 'c6', awardID: '6', value: { amount: 60, currency: 'MXN' } },
    ];
    const [record] = procedures(await read(releasePackage(release({ awards, contracts }))));
    expect(record.contracts.map((c) => [c.code, c.supplier.name, c.value.amount, codes(c.repairs)])).toEqual([
      ['c3', 'Dos', 3000, ['contract.first_supplier']],
      ['c6', 'Seis', 6000, []],
      ['a2', 'Uno', 2000, ['contract.from_award']],
    ]);
    expect(record.contracts[2].source).toMatchObject({ rowKey: 'ocds-abc-1/awards/a2', row: '/releases/0/awards/1' });
    expect(codes(record.procedure.repairs)).toEqual(['contract.supplier_missing', 'award.several_suppliers']);
    expect(record.procedure.repairs[0]).toContain('contract "c1"');
  });

  it('reads amounts published as text, keeps the decimal text of numbers, and reports currencies it cannot use', async () => {
    const bytes = JSON.stringify(
      releasePackage(
        release({
          awards: ['1', '2', '3', '4', '5'].map((id) => ({ id, status: 'active', suppliers: [{ name: `S${id}` }] })),
          contracts: [
            { id: '1', awardID: '1', value: { amount: '1,234.50', currency: 'MXN' } },
            { id: '2', awardID: '2', value: { amount: 'PLACEHOLDER', currency: 'USD' } },
            { id: '3', awardID: '3', value: { amount: 99, currency: 'TEST' } },
            { id: '4', awardID: '4', value: { amount: 7 } },
            { id: '5', awardID: '5', value: { amount: 0, currency: 'mxn' } },
          ],
        }),
      ),
    ).replace('"PLACEHOLDER"', '12345678901234.57'); // as a number, beyond what a double keeps exactly in cents
    const [record] = procedures(await read(bytes));
    expect(record.contracts.map((c) => [c.code, c.value, codes(c.repairs)])).toEqual([
      ['1', { amount: 123450, currency: 'MXN' }, ['amount.string']],
      ['2', { amount: 1234567890123457, currency: 'USD' }, []],
      ['4', { amount: 700, currency: 'MXN' }, ['currency.missing']],
      ['5', { amount: 0, currency: 'MXN' }, ['currency.normalized']],
    ]);
    expect(codes(record.procedure.repairs)).toEqual(['currency.unknown', 'contract.value_unusable']);
  });

  it('reads dates without a time zone as Mexico City time and reports them', async () => {
    const tender = { ...release().tender, tenderPeriod: { startDate: '2015-07-01T09:00:00', endDate: 'pronto' } };
    const [record] = procedures(await read({ releases: [release({ tender })] }));
    expect(record.procedure.publishedAt).toBe('2015-07-01T14:00:00.000Z');
    expect(record.procedure.openingAt).toBeNull();
    expect(codes(record.procedure.repairs)).toEqual(['package.version_missing', 'date.no_time_zone', 'date.invalid']);
  });

  it('reads bytes that are not UTF-8 as Windows-1252 and says so', async () => {
    const text = JSON.stringify(releasePackage(release({ buyer: { name: 'SECRETARÍA DE FINANZAS' } })));
    const [record] = procedures(await read(Buffer.from(text, 'latin1')));
    expect(record.procedure.buyer.name).toBe('SECRETARÍA DE FINANZAS');
    expect(codes(record.procedure.repairs)).toEqual(['encoding.windows_1252']);
  });

  it('reads a file that starts with a UTF-8 byte-order mark', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const records = await read(Buffer.concat([bom, Buffer.from(JSON.stringify(releasePackage(release())))]));
    expect(records.map((r) => r.kind)).toEqual(['procedure']);
  });

  it('keeps what it read before a truncated end, and reports the rest', async () => {
    const text = JSON.stringify(releasePackage(release(), release({ ocid: 'ocds-abc-2' })));
    const records = await read(text.slice(0, text.length - 40));
    expect(records.map((r) => (r.kind === 'procedure' ? r.procedureKey : r.reason.split(':')[0]))).toEqual([
      'ocds-abc-1',
      'ocds_import.invalid_json',
    ]);
  });

  it('rejects a release that is not valid JSON inside, and reads the others', async () => {
    const text = JSON.stringify(releasePackage(release(), { ocid: 'PLACEHOLDER' })).replace('"PLACEHOLDER"', 'NaN');
    const records = await read(text);
    expect(
      records.map((r) => (r.kind === 'procedure' ? r.procedureKey : `${r.reason.split(':')[0]} ${r.row}`)),
    ).toEqual(['ocds-abc-1', 'ocds_import.invalid_json /releases/1']);
  });

  it('rejects a broken release of an ocid on its own, and still reads that ocid from its other releases', async () => {
    const text = JSON.stringify(releasePackage(release(), { ocid: 'ocds-abc-1', id: 'PLACEHOLDER' }));
    const records = await read(text.replace('"PLACEHOLDER"', 'undefined'));
    expect(records.map((r) => [r.kind, r.kind === 'rejected' ? `${r.rowKey} ${r.row}` : r.procedureKey])).toEqual([
      ['rejected', 'ocds-abc-1 /releases/1'],
      ['procedure', 'ocds-abc-1'],
    ]);
  });

  it('rejects a release without a tender (a planning release)', async () => {
    const [record] = await read(releasePackage(release({ tender: undefined })));
    expect(record).toMatchObject({
      kind: 'rejected',
      rowKey: 'ocds-abc-1',
      reason: expect.stringMatching(/^ocds_import\.tender_missing: /),
    });
  });

  it('reports a file that is no package', async () => {
    const records = await read('{"hello": "world"}');
    expect(records).toEqual([
      expect.objectContaining({
        kind: 'rejected',
        row: '',
        reason: expect.stringMatching(/^ocds_import\.not_a_package: /),
      }),
    ]);
  });

  it('reads records: compiledRelease first (reporting linked releases), else embedded releases, else versionedRelease', async () => {
    const linked = { url: 'https://example.org/r/1.json', date: '2020-01-01T00:00:00Z', tag: ['tender'] };
    const records = await read({
      version: '1.1',
      records: [
        { ocid: 'ocds-abc-1', releases: [linked], compiledRelease: release() },
        { ocid: 'ocds-abc-2', releases: [release({ ocid: 'ocds-abc-2' })] },
        {
          ocid: 'ocds-abc-3',
          releases: [linked],
          versionedRelease: {
            ocid: 'ocds-abc-3',
            buyer: [{ releaseID: '1', releaseDate: '2020-01-01', releaseTag: ['tender'], value: { name: 'Unidad' } }],
            tender: {
              title: [{ releaseID: '1', releaseDate: '2020-01-01', releaseTag: ['tender'], value: 'Obra' }],
              procurementMethod: [
                { releaseID: '1', releaseDate: '2020-01-01', releaseTag: ['tender'], value: 'open' },
                { releaseID: '2', releaseDate: '2020-01-02', releaseTag: ['tenderUpdate'], value: 'direct' },
              ],
            },
            awards: [
              {
                id: 'a1',
                suppliers: [
                  {
                    name: [{ releaseID: '3', releaseDate: '2020-02-01', releaseTag: ['award'], value: 'Constructora' }],
                  },
                ],
                value: {
                  amount: [{ releaseID: '3', releaseDate: '2020-02-01', releaseTag: ['award'], value: 12.3 }],
                  currency: [{ releaseID: '3', releaseDate: '2020-02-01', releaseTag: ['award'], value: 'MXN' }],
                },
              },
            ],
          },
        },
        { ocid: 'ocds-abc-4', releases: [linked] },
      ],
    });
    expect(records.map((r) => (r.kind === 'procedure' ? r.procedure.source.row : r.reason.split(':')[0]))).toEqual([
      '/records/0/compiledRelease',
      '/records/1/releases/0',
      '/records/2/versionedRelease',
      'ocds_import.linked_releases_only',
    ]);
    const [first, , versioned] = procedures(records);
    expect(codes(first.procedure.repairs)).toEqual(['record.linked_releases']);
    expect(versioned.procedure).toMatchObject({
      title: 'Obra',
      procedureType: 'direct_award',
      buyer: { name: 'Unidad' },
    });
    expect(versioned.contracts.map((c) => [c.supplier.name, c.value])).toEqual([
      ['Constructora', { amount: 1230, currency: 'MXN' }],
    ]);
  });

  it('reads several packages in a row (JSON Lines), a bare release, and a top-level array, with pointers into each', async () => {
    const lines = [releasePackage(release()), releasePackage(release({ ocid: 'ocds-abc-2' }))]
      .map((p) => JSON.stringify(p))
      .join('\n');
    expect(procedures(await read(lines)).map((p) => p.procedure.source.row)).toEqual([
      '/0/releases/0',
      '/1/releases/0',
    ]);
    const [bare] = procedures(await read(release()));
    expect(bare.procedure.source.row).toBe('');
    expect(codes(bare.procedure.repairs)).toEqual(['package.missing']);
    const array = procedures(await read([release(), releasePackage(release({ ocid: 'ocds-abc-2' }))]));
    expect(array.map((p) => p.procedure.source.row)).toEqual(['/0', '/1/releases/0']);
  });

  it('reads procuringEntity as the buyer when there is none, and a works tender under LOPSRM', async () => {
    const tender = {
      ...release().tender,
      mainProcurementCategory: 'works',
      procuringEntity: { name: 'Obras', identifier: { id: 'OB-1' } },
    };
    const [record] = procedures(await read(releasePackage(release({ buyer: undefined, tender }))));
    expect(record.procedure).toMatchObject({
      buyer: { name: 'Obras', code: 'OB-1', rfc: null },
      category: 'works',
      law: 'LOPSRM',
    });
    expect(codes(record.procedure.repairs)).toEqual(['buyer.from_procuring_entity']);
  });
});
