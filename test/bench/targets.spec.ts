import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readResults } from '../../bench/readme-targets';
import {
  BEGIN,
  END,
  numberIn,
  readTargets,
  renderTargets,
  TARGETS,
  withTargetsTable,
  type ResultFile,
} from '../../bench/targets';

const run = { date: '2026-12-07T20:00:00.000Z', commit: 'abc1234', machine: { cores: 2, loadAverage: [6.5, 5, 4] } };
const result = (name: string, rows: ResultFile['rows']): [string, ResultFile] => [
  name,
  { name, description: '', rows, ...run },
];

describe('numberIn', () => {
  it.each([
    [1234, 1234],
    ['1,234', 1234],
    ['≈ 199,791', 199_791],
    ['17 %', 17],
    ['2.3×', 2.3],
    ['-0.03', -0.03],
  ])('reads %p as %p', (cell, expected) => expect(numberIn(cell)).toBe(expected));

  it('reads a cell without a number as NaN', () => expect(numberIn('–')).toBeNaN());
});

describe('the table of targets', () => {
  const bidPathRows = (bids: number, bare: number, p99: number, shape = 'API beside a projector') => [
    { scenario: `bid path (${shape}), 20 suppliers × 4 in flight, 2 watchers`, 'accepted bids/s': bids, 'p99 ms': p99 },
    { scenario: '  ceiling: bare Socket.IO acking at once, same clients', 'accepted bids/s': bare, 'p99 ms': 3 },
  ];

  it("judges each shape of the bid path against the ceiling measured right after it, not another shape's", () => {
    const rows = [
      ...bidPathRows(6000, 10_000, 20),
      ...bidPathRows(3000, 4_000, 40, 'API and projections in one process'),
    ];
    const [production, embedded] = readTargets(new Map([result('auction-live', rows)]), TARGETS.slice(0, 2));
    expect(production).toMatchObject({ measured: '6,000/s, p99 20 ms', ceiling: '10,000/s', status: 'met' });
    expect(embedded).toMatchObject({ measured: '3,000/s, p99 40 ms', ceiling: '4,000/s', ratio: '75 %' });
    expect(embedded.status).toBe('missed');
  });

  it('judges a figure against its ceiling from the same run and names the run', () => {
    const [line] = readTargets(new Map([result('auction-live', bidPathRows(6000, 10_000, 20))]), [TARGETS[0]]);
    expect(line).toMatchObject({ measured: '6,000/s, p99 20 ms', ceiling: '10,000/s', ratio: '60 %', status: 'met' });
    expect(line.run).toBe('`auction-live`, 2026-12-07, abc1234, 2 cores, load 6.5');
  });

  it('misses a target when any of its parts is missed', () => {
    const slow = readTargets(new Map([result('auction-live', bidPathRows(6000, 10_000, 30))]), [TARGETS[0]]);
    const small = readTargets(new Map([result('auction-live', bidPathRows(4000, 5000, 10))]), [TARGETS[0]]);
    expect([slow[0].status, small[0].status]).toEqual(['missed', 'missed']);
  });

  it('says a target was not measured when its results file or its row is missing', () => {
    const lines = readTargets(new Map([result('projections', [{ projection: 'ocds', 'log events/s': 30_000 }])]));
    const byWorkload = new Map(lines.map((l) => [l.workload, l]));
    expect(byWorkload.get(TARGETS[0].workload)).toMatchObject({
      status: 'not measured',
      run: 'no bench/results/auction-live.json',
    });
    expect(lines.find((l) => l.workload.includes('`transparency`'))).toMatchObject({ status: 'not measured' });
  });

  it('does not call a projection fast enough without a COPY ceiling measured beside it', () => {
    const row = { projection: 'ocds', 'events applied': 1_000_000, 'log events/s': 30_000 };
    const target = TARGETS.find((t) => t.workload.includes('`ocds`'))!;
    const [without] = readTargets(new Map([result('projections', [row])]), [target]);
    const copied = { ...row, seconds: 33.3, 'rows written': 400_000, 'COPY of those rows (s)': 20, 'vs COPY': '60 %' };
    const [beside] = readTargets(new Map([result('projections', [copied])]), [target]);
    const [slow] = readTargets(new Map([result('projections', [{ ...copied, 'vs COPY': '40 %' }])]), [target]);
    expect([without.status, beside.status, beside.ratio, slow.status]).toEqual(['missed', 'met', '60 %', 'missed']);
    expect(beside.ceiling).toBe('20 s: COPY of its 400,000 rows');
  });

  it('replaces only what lies between its markers, and refuses a README without them', () => {
    const readme = `# Title\n\n${BEGIN}\nold table\n${END}\n\nafter`;
    expect(withTargetsTable(readme, '| new |')).toBe(`# Title\n\n${BEGIN}\n| new |\n${END}\n\nafter`);
    expect(() => withTargetsTable('# no markers', '| new |')).toThrow(/bench-targets/);
  });

  it('is the table the README shows: generated from the committed results files (npm run bench:readme)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const table = renderTargets(readTargets(readResults(join(__dirname, '..', '..', 'bench', 'results'))));
    expect(withTargetsTable(readme, table)).toBe(readme);
  });
});
