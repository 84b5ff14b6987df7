import { readOcdsRecords } from '@licita/history/sources/ocds-source';
import { numberFlags, resultOf, round, type Benchmark } from './harness';

/**
 * The OCDS package reader (libs/history/sources/ocds-source.ts) over a generated release package shaped like
 * CDMX Finance's (`--ocids=N` processes, default 50,000, each a tender release and an award-and-contract release:
 * 100,000 releases), against the bare floor of the same run: `JSON.parse` of the whole file and a walk that
 * groups its releases by ocid, which is what any reader must at least do (and holds the whole tree, which the
 * reader does not). Peak resident memory (`maxRSS`) over the file's own bytes says whether the reader held a
 * second copy. Issue #20 asks 100,000 rows at ≥ 2,000 rows/s for the whole import; the reader is a part of it.
 */
export const ocdsReadBenchmark: Benchmark = {
  name: 'ocds-read',
  description: 'reading a generated OCDS release package into procedures vs JSON.parse of the whole file, same run',
  async run(args) {
    const { ocids } = numberFlags(args, { ocids: 50_000 });
    const bytes = generatedPackage(ocids);
    const megabytes = bytes.length / 1024 / 1024;
    const rssBefore = rssMb();
    let rssPeak = rssBefore;

    let records = 0;
    let contracts = 0;
    const started = process.hrtime.bigint();
    for (const record of readOcdsRecords(bytes)) {
      records++;
      if (records % 500 === 0) rssPeak = Math.max(rssPeak, rssMb());
      if (record.kind === 'procedure') contracts += record.contracts.length;
      else throw new Error(`ocds-read: the generated package had a rejection: ${record.reason}`);
    }
    const readerSeconds = seconds(started);
    const rssBeforeFloor = rssMb();
    const floorStarted = process.hrtime.bigint();
    const { grouped, rss: rssFloor } = bareFloor(bytes);
    const floorSeconds = seconds(floorStarted);
    if (grouped !== records) throw new Error(`ocds-read: ${records} procedures read, ${grouped} ocids in the file`);

    await Promise.resolve();
    return resultOf(
      ocdsReadBenchmark,
      [
        {
          what: 'reader (readOcdsRecords)',
          releases: ocids * 2,
          procedures: records,
          contracts,
          'file MB': round(megabytes, 1),
          seconds: round(readerSeconds, 2),
          'releases/s': Math.round((ocids * 2) / readerSeconds),
          'ratio to floor': round(readerSeconds / floorSeconds, 2),
          'RSS growth MB': round(rssPeak - rssBefore, 0),
        },
        {
          what: 'floor (JSON.parse whole file + group by ocid)',
          releases: ocids * 2,
          procedures: grouped,
          contracts: '',
          'file MB': round(megabytes, 1),
          seconds: round(floorSeconds, 2),
          'releases/s': Math.round((ocids * 2) / floorSeconds),
          'ratio to floor': 1,
          'RSS growth MB': round(rssFloor - rssBeforeFloor, 0),
        },
      ],
      "RSS growth: resident memory while reading (sampled every 500 procedures) or once the whole tree is parsed, less what it was before (the file's bytes already held).",
    );
  },
};

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;
const rssMb = () => process.memoryUsage().rss / 1024 / 1024;

function bareFloor(bytes: Buffer): { grouped: number; rss: number } {
  const parsed = JSON.parse(bytes.toString('utf8')) as { releases: Array<{ ocid: string }> };
  const byOcid = new Map<string, number>();
  for (const release of parsed.releases) byOcid.set(release.ocid, (byOcid.get(release.ocid) ?? 0) + 1);
  return { grouped: byOcid.size, rss: rssMb() };
}

/** `ocids` processes of two releases each, the second one's amounts as published (`1311264.00`). */
export function generatedPackage(ocids: number): Buffer {
  const parts: string[] = [
    '{"uri":"https://example.org/bench","publishedDate":"2017-11-06T00:00:00-06:00","releases":[',
  ];
  for (let i = 0; i < ocids; i++) {
    const ocid = `OCDS-87SD3T-AD-SF-DRM-${String(i).padStart(6, '0')}-2015`;
    const buyer = { identifier: { id: 'GDF9712054NA' }, name: 'SECRETARÍA DE FINANZAS' };
    const tender = {
      id: ocid,
      title: `ARRENDAMIENTO DE BIENES INFORMÁTICOS ${i}`,
      description: '471 COMPUTADORA PORTÁTIL',
      procurementMethod: ['open', 'selective', 'direct'][i % 3],
      tenderPeriod: { startDate: '2015-12-22T00:00:00-06:00', endDate: '2015-12-29T00:00:00-06:00' },
      items: [{ id: '1', description: 'COMPUTADORA PORTATIL TIPO 1', quantity: 471, unit: { name: 'SER' } }],
    };
    const first = { ocid, id: '01', date: '2015-12-22T00:00:00-06:00', tag: ['tender'], buyer, tender };
    const supplier = { identifier: { id: 'C&C021030KX2' }, name: `PROVEEDOR ${i % 997} SA DE CV` };
    const amount = `${1000 + (i % 100_000)}.${String(i % 100).padStart(2, '0')}`;
    const award = {
      id: '1',
      status: 'active',
      date: '2015-12-30T00:00:00-06:00',
      suppliers: [supplier],
      value: { amount: 'AMOUNT', currency: 'MXN' },
    };
    const contract = {
      id: '1',
      awardID: '1',
      title: `CA-${i}/2016`,
      status: 'active',
      dateSigned: '2015-12-30T00:00:00-06:00',
      period: { startDate: '2016-01-01T00:00:00-06:00', endDate: '2016-12-31T00:00:00-06:00' },
      value: { amount: 'AMOUNT', currency: i % 50 === 0 ? 'USD' : 'MXN' },
    };
    const second = {
      ...first,
      id: '02',
      date: '2016-01-05T00:00:00-06:00',
      tag: ['award', 'contract'],
      awards: [award],
      contracts: [contract],
    };
    parts.push(
      `${i === 0 ? '' : ','}${JSON.stringify(first)},${JSON.stringify(second).replaceAll('"AMOUNT"', amount)}`,
    );
  }
  parts.push(']}');
  return Buffer.from(parts.join(''));
}
