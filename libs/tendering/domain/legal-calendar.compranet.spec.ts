import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { checkSubmissionPeriod, mexicoCityInstant, submissionPeriodRule } from './legal-calendar';

/**
 * The real public tenders of CompraNet's 2013 "Contratos" sample (../shared/compranet), checked by the old rule
 * (whole 24-hour spans from the exact instant) and the new one (calendar days in Mexico City). The expected
 * counts are computed here by a deliberately plain calculation that does not use legal-calendar.ts: date strings
 * subtracted for the new rule, and Mexico City's 2012–2013 daylight-saving dates written out for the old one.
 */

function sharedDir(): string {
  if (process.env.LICITA_SHARED_DIR) return resolve(process.env.LICITA_SHARED_DIR);
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return resolve(dir, '..', 'shared');
}

/** RFC 4180: quoted fields with "" for a quote, commas and line breaks inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted || (c !== ',' && c !== '\n' && c !== '\r')) {
      field += c;
    } else if (c === ',') {
      endField();
    } else if (c === '\n' || text[i + 1] !== '\n') {
      endField();
      rows.push(row);
      row = [];
    }
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

type Tender = { number: string; published: string; opening: string; international: boolean; works: boolean };

function publicTenders(): Tender[] {
  const [header, ...rows] = parseCsv(readFileSync(join(sharedDir(), 'compranet', 'contratos-2013-sample.csv'), 'utf8'));
  const col = (name: string) => header.indexOf(name);
  const byNumber = new Map<string, Tender>();
  for (const r of rows.filter((r) => r.length === header.length)) {
    if (r[col('TIPO_PROCEDIMIENTO')] !== 'Licitación Pública') continue;
    byNumber.set(r[col('NUMERO_PROCEDIMIENTO')], {
      number: r[col('NUMERO_PROCEDIMIENTO')],
      published: r[col('PROC_F_PUBLICACION')],
      opening: r[col('FECHA_APERTURA_PROPOSICIONES')],
      international: r[col('CARACTER')].startsWith('Internacional'),
      works: ['Obra Pública', 'Servicios Relacionados con la OP'].includes(r[col('TIPO_CONTRATACION')]),
    });
  }
  return [...byNumber.values()];
}

// --------------------------------------------------------------------------- the independent calculation

const DAY = 86_400_000;
const standardMinimum = (t: Tender) => (t.international ? 20 : 15);

/** Whole days between the date parts of two `YYYY-MM-DD HH:MM` strings. */
const dateDays = (from: string, to: string): number =>
  (Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / DAY;

/** Mexico City's summer time in the sample's years: 02:00 local on these dates (DOF decree on time zones). */
const SUMMER: Record<string, [string, string]> = {
  '2012': ['2012-04-01 02:00', '2012-10-28 02:00'],
  '2013': ['2013-04-07 02:00', '2013-10-27 02:00'],
};

/** The UTC milliseconds of a Mexico City `YYYY-MM-DD HH:MM`. */
function utcOf(local: string): number {
  const summer = SUMMER[local.slice(0, 4)];
  if (!summer) throw new Error(`no daylight-saving dates written for ${local}`);
  const offsetHours = local >= summer[0] && local < summer[1] ? 5 : 6;
  return Date.parse(`${local.replace(' ', 'T')}:00Z`) + offsetHours * 3_600_000;
}

const refusedByOldRule = (t: Tender, minimum: number) => utcOf(t.opening) - utcOf(t.published) < minimum * DAY;
const refusedByNewRule = (t: Tender, minimum: number) => dateDays(t.published, t.opening) < minimum;

// --------------------------------------------------------------------------------------- the module's answer

function refusedByModule(t: Tender, reduced: boolean): boolean {
  const [publishedDate, publishedTime] = t.published.split(' ');
  const [openingDate, openingTime] = t.opening.split(' ');
  const publishedAt = mexicoCityInstant(publishedDate, publishedTime);
  const rule = submissionPeriodRule(
    {
      category: t.works ? 'works' : 'goods',
      procedureType: t.international ? 'public_international' : 'public_national',
      reduced,
    },
    publishedAt,
  );
  return !checkSubmissionPeriod(publishedAt, mexicoCityInstant(openingDate, openingTime), rule.minimumDays).ok;
}

describe('the real public tenders of CompraNet 2013 under the old and the new period rule', () => {
  const tenders = publicTenders();

  it('reads the 64 public tenders of the sample (78 contract rows)', () => {
    expect(tenders).toHaveLength(64);
    expect(tenders.filter((t) => t.international)).toHaveLength(4);
    const localTime = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
    expect(tenders.filter((t) => !localTime.test(t.published) || !localTime.test(t.opening))).toEqual([]);
  });

  it('refuses 13 by calendar days where 24-hour spans refused 22 (standard minimums: 15 national, 20 international)', () => {
    const old = tenders.filter((t) => refusedByOldRule(t, standardMinimum(t))).length;
    const expected = tenders.filter((t) => refusedByNewRule(t, standardMinimum(t))).length;
    const refused = tenders.filter((t) => refusedByModule(t, false)).length;
    expect({ old, new: refused }).toEqual({ old: 22, new: expected });
    expect(refused).toBe(13);
  });

  it('refuses 1 by calendar days where 24-hour spans refused 3 even with a justified reduction to 10 days', () => {
    const old = tenders.filter((t) => refusedByOldRule(t, 10)).length;
    const expected = tenders.filter((t) => refusedByNewRule(t, 10)).length;
    const refused = tenders.filter((t) => refusedByModule(t, true)).length;
    expect({ old, new: refused }).toEqual({ old: 3, new: expected });
    expect(refused).toBe(1);
  });
});
