import { createHash } from 'node:crypto';
import { invalid } from '@licita/shared';
import type { SourceFile, SourceReader, SourceRecord } from '../application/source-record';
import type {
  HistoricalCategory,
  HistoricalGovernment,
  HistoricalLaw,
  HistoricalProcedureType,
} from '../domain/history.events';
import { csvRecords, decodeChunks } from './csv';
import { mexicoCityToUtc } from './mexico-city-time';

/** The 39 columns of CompraNet's "Contratos" open-data export, in the order it publishes them. */
export const COMPRANET_COLUMNS = [
  'GOBIERNO',
  'SIGLAS',
  'DEPENDENCIA',
  'CLAVEUC',
  'NOMBRE_DE_LA_UC',
  'RESPONSABLE',
  'NUMERO_EXPEDIENTE',
  'TITULO_EXPEDIENTE',
  'PLANTILLA_EXPEDIENTE',
  'NUMERO_PROCEDIMIENTO',
  'EXP_F_FALLO',
  'PROC_F_PUBLICACION',
  'FECHA_APERTURA_PROPOSICIONES',
  'CARACTER',
  'TIPO_CONTRATACION',
  'TIPO_PROCEDIMIENTO',
  'FORMA_PROCEDIMIENTO',
  'CODIGO_CONTRATO',
  'TITULO_CONTRATO',
  'FECHA_INICIO',
  'FECHA_FIN',
  'IMPORTE_CONTRATO',
  'MONEDA',
  'ESTATUS_CONTRATO',
  'ARCHIVADO',
  'RAMO',
  'CLAVE_PROGRAMA',
  'APORTACION_FEDERAL',
  'FECHA_CELEBRACION',
  'CONTRATO_MARCO',
  'COMPRA_CONSOLIDADA',
  'PLURIANUAL',
  'CLAVE_CARTERA_SHCP',
  'ESTRATIFICACION_MUC',
  'PROVEEDOR_CONTRATISTA',
  'ESTRATIFICACION_MPC',
  'ESTATUS_EMPRESA',
  'CUENTA_ADMINISTRADA_POR',
  'ANUNCIO',
] as const;
type Column = (typeof COMPRANET_COLUMNS)[number];

/** The columns without which a row means nothing; a file lacking one is refused whole. */
const REQUIRED: Column[] = [
  'CLAVEUC',
  'NOMBRE_DE_LA_UC',
  'TIPO_PROCEDIMIENTO',
  'TIPO_CONTRATACION',
  'CODIGO_CONTRATO',
  'IMPORTE_CONTRATO',
  'MONEDA',
  'PROVEEDOR_CONTRATISTA',
];

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/**
 * Reads a CompraNet "Contratos" CSV export: one `SourceRecord` per data row, in file order (see the README's
 * "Importing history" for the mapping and what happens to each messy case).
 */
export const readCompranetCsv: SourceReader = (file: SourceFile) => toAsync(compranetRecords(file));

async function* toAsync<T>(items: Iterable<T>): AsyncIterable<T> {
  for (const item of items) yield await Promise.resolve(item);
}

/**
 * The records of the file, read a piece at a time (`decodeChunks`, `csvRecords`): neither the file's text nor its
 * rows are held whole, only the current piece, the row being read and, per contract code, what the duplicate
 * check needs. `chunkBytes` is for tests.
 */
export function* compranetRecords(file: SourceFile, chunkBytes?: number): Generator<SourceRecord> {
  const { chunks, repairs: fileRepairs } = decodeChunks(file.bytes, chunkBytes);
  const records = csvRecords(chunks);
  const first = records.next();
  if (first.done) throw invalid('import.file_empty', `${file.fileName} has no header row`);
  const header = readHeader(first.value.cells, fileRepairs);
  const seen: Seen = new Map();
  let row = 0;
  for (const record of records) {
    row++;
    const cells = header.dropFirst ? record.cells.slice(1) : record.cells;
    const original: Record<string, string> = {};
    header.names.forEach((name, i) => (original[name] = cells[i] ?? ''));
    if (cells.length !== header.names.length) {
      yield rejected(row, null, 'import.row_malformed', original);
      continue;
    }
    yield readRow(row, original, seen, fileRepairs);
  }
}

/**
 * Per contract code: its first row and a 48-bit digest of that row's cells (two rows with the same code are told
 * apart by it). Kept small: 100,000 codes held the rows' JSON text (~100 MB), then base64 SHA-1 digests.
 */
type Seen = Map<string, { row: number; signature: number }>;

type Header = { names: string[]; dropFirst: boolean };

function readHeader(raw: string[], fileRepairs: string[]): Header {
  let names = raw.map((cell) => cell.replace(/^\uFEFF/, '').trim());
  let dropFirst = false;
  if (names[0] === '' && names.length === COMPRANET_COLUMNS.length + 1) {
    // A spreadsheet's row-number column before the 39 official ones.
    names = names.slice(1);
    dropFirst = true;
    fileRepairs.push('header.index_column_dropped');
  } else if (names[0] === '' && names.length === COMPRANET_COLUMNS.length) {
    // Some years' exports publish the first column (GOBIERNO) with an empty header cell.
    names[0] = COMPRANET_COLUMNS[0];
    fileRepairs.push('header.first_cell_named_gobierno');
  }
  const missing = REQUIRED.filter((column) => !names.includes(column));
  if (missing.length)
    throw invalid('import.columns_missing', `the file lacks the CompraNet columns ${missing.join(', ')}`, {
      missing,
    });
  // Cells are read by the header's names (any order); optional columns a file lacks read as blank.
  return { names, dropFirst };
}

function rejected(row: number, rowKey: string | null, reason: string, original: Record<string, string>): SourceRecord {
  return { kind: 'rejected', row: String(row), rowKey, reason, original };
}

function readRow(row: number, original: Record<string, string>, seen: Seen, fileRepairs: string[]): SourceRecord {
  const value = (column: Column) => (original[column] ?? '').trim();
  const repairs = [...fileRepairs];
  const code = value('CODIGO_CONTRATO') || null;
  let rowKey = code ?? `row-${row}`;
  if (!code) repairs.push('contract_code.blank');
  if (code) {
    // A digest, not the row itself: holding every row's text made a 100,000-row import grow by ~100 MB.
    const signature = createHash('sha1').update(JSON.stringify(original)).digest().readUIntBE(0, 6);
    const earlier = seen.get(code);
    if (earlier?.signature === signature) {
      return rejected(row, `${code}@${row}`, 'import.row_duplicate', original);
    }
    if (earlier) {
      rowKey = `${code}@${row}`;
      repairs.push(`contract_code.duplicated_of_row_${earlier.row}`);
    } else seen.set(ownCopy(code), { row, signature });
  }

  const currency = value('MONEDA').toUpperCase();
  if (!CURRENCIES.has(currency)) return rejected(row, rowKey, 'import.currency_invalid', original);
  const amount = centavos(value('IMPORTE_CONTRATO'), repairs);
  if (amount === null) return rejected(row, rowKey, 'import.amount_invalid', original);
  const supplierName = value('PROVEEDOR_CONTRATISTA');
  if (!supplierName) return rejected(row, rowKey, 'import.supplier_missing', original);
  const buyerName = value('NOMBRE_DE_LA_UC') || value('DEPENDENCIA');
  if (!buyerName && !value('CLAVEUC')) return rejected(row, rowKey, 'import.buyer_missing', original);
  const type = procedureType(value('TIPO_PROCEDIMIENTO'), value('CARACTER'), value('PLANTILLA_EXPEDIENTE'), repairs);
  if (!type) return rejected(row, rowKey, 'import.procedure_type_unknown', original);
  const category = categoryOf(value('TIPO_CONTRATACION'), repairs);
  const law = lawOf(value('PLANTILLA_EXPEDIENTE'), category, repairs);

  const number = value('NUMERO_PROCEDIMIENTO') || null;
  const expediente = value('NUMERO_EXPEDIENTE');
  let procedureKey = number ?? '';
  if (!number) {
    // Without a number, the expediente (CompraNet's file of the procedure) groups its contracts; failing that,
    // the row stands alone.
    procedureKey = expediente ? `expediente:${expediente}` : `row:${row}`;
    repairs.push(expediente ? 'procedure_number.blank_grouped_by_expediente' : 'procedure_number.blank_row_alone');
  }
  const date = (column: Column) => dateOf(value(column), column, repairs);
  const source = { kind: 'compranet' as const, rowKey, row: String(row), original };
  const contractTitle = value('TITULO_CONTRATO');
  const procedureTitle = value('TITULO_EXPEDIENTE') || contractTitle;
  return {
    kind: 'procedure',
    procedureKey,
    procedure: {
      source,
      number,
      ocid: null,
      title: procedureTitle,
      description: contractTitle && contractTitle !== procedureTitle ? contractTitle : null,
      buyer: { name: buyerName, code: value('CLAVEUC') || null, rfc: null },
      procedureType: type,
      procedureTypeOriginal: [value('TIPO_PROCEDIMIENTO'), value('CARACTER')].filter(Boolean).join(' — '),
      category,
      law,
      government: governmentOf(value('GOBIERNO'), value('APORTACION_FEDERAL'), repairs),
      publishedAt: date('PROC_F_PUBLICACION'),
      openingAt: date('FECHA_APERTURA_PROPOSICIONES'),
      awardedAt: date('EXP_F_FALLO'),
      repairs,
    },
    contracts: [
      {
        source,
        code,
        title: contractTitle || procedureTitle,
        supplier: { name: supplierName, code: null, rfc: null },
        value: { amount, currency },
        signedAt: date('FECHA_CELEBRACION'),
        startDate: date('FECHA_INICIO'),
        endDate: date('FECHA_FIN'),
        status: value('ESTATUS_CONTRATO') || null,
        repairs,
        ...(value('COMPRA_CONSOLIDADA') === '1' ? { consolidatedPurchase: true as const } : {}),
        ...(value('PLURIANUAL') === '1' ? { multiYear: { portfolioKey: value('CLAVE_CARTERA_SHCP') || null } } : {}),
      },
    ],
  };
}

/**
 * The string in memory of its own: a cell cut from a piece of the file may be a slice that keeps the whole piece
 * (a megabyte) alive for as long as the map keeps the cell.
 */
const ownCopy = (text: string) => (text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8'));

/**
 * A decimal string to integer centavos by its digits, never through a float: "5216380.89" → 521638089.
 * Thousands separators and a `$` are removed (recorded); more than two decimals round half up (recorded);
 * blank, negative or non-numeric → null (the row is rejected).
 */
export function centavos(text: string, repairs: string[]): number | null {
  let cleaned = text;
  if (/[$,\s]/.test(cleaned)) {
    cleaned = cleaned.replace(/[$,\s]/g, '');
    repairs.push('amount.formatting_removed');
  }
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return null;
  const fraction = match[2] ?? '';
  let minor = BigInt(match[1]) * 100n + BigInt((fraction.slice(0, 2) || '0').padEnd(2, '0'));
  if (fraction.length > 2) {
    if (Number(fraction[2]) >= 5) minor += 1n;
    repairs.push('amount.rounded_to_centavos');
  }
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : null;
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** TIPO_PROCEDIMIENTO (+ CARACTER, else the template's wording) to Licita's procedure types. */
export function procedureType(
  type: string,
  character: string,
  template: string,
  repairs: string[],
): HistoricalProcedureType | null {
  const folded = fold(type);
  if (folded.includes('adjudicacion directa')) return 'direct_award';
  if (folded.includes('invitacion')) return 'invitation';
  if (!folded.includes('licitacion')) return null;
  const said = fold(character) || fold(template);
  if (!fold(character)) repairs.push(said ? 'character.blank_read_from_template' : 'character.blank_assumed_national');
  return said.includes('internacional') ? 'public_international' : 'public_national';
}

const CATEGORIES: Record<string, HistoricalCategory> = {
  adquisiciones: 'goods',
  servicios: 'services',
  arrendamientos: 'leasing',
  'obra publica': 'works',
  'servicios relacionados con la op': 'works',
  'servicios relacionados con la obra publica': 'works',
};

export function categoryOf(text: string, repairs: string[]): HistoricalCategory | null {
  const category = CATEGORIES[fold(text)];
  if (!category) repairs.push('category.unknown');
  return category ?? null;
}

/** The template names its law; without it, works follow LOPSRM and everything else LAASSP. */
function lawOf(template: string, category: HistoricalCategory | null, repairs: string[]): HistoricalLaw | null {
  if (/LOPSRM/i.test(template)) return 'LOPSRM';
  if (/LAASSP/i.test(template)) return 'LAASSP';
  if (!category) return null;
  repairs.push('law.inferred_from_category');
  return category === 'works' ? 'LOPSRM' : 'LAASSP';
}

const LEVELS: Record<string, HistoricalGovernment['level']> = { APF: 'federal', GE: 'state', GM: 'municipal' };

/**
 * GOBIERNO to the level of government (`APF`, `GE`, `GM`; anything else is recorded and left unknown) and
 * APORTACION_FEDERAL to whether the money was federal: a federal buyer's always is; a state's or municipality's
 * is when the column holds a positive amount (or says "SI"), not when it holds 0 (or "NO"), unknown when blank.
 */
export function governmentOf(gobierno: string, aportacion: string, repairs: string[]): HistoricalGovernment {
  const code = gobierno.toUpperCase();
  const level = Object.hasOwn(LEVELS, code) ? LEVELS[code] : null;
  if (!level) repairs.push(gobierno ? 'government.level_unknown' : 'government.level_blank');
  if (level === 'federal') return { level, federalFunds: true };
  const said = fold(aportacion).replace(/[$,\s]/g, '');
  if (said === '') return { level, federalFunds: null };
  if (said === 'si') return { level, federalFunds: true };
  if (said === 'no') return { level, federalFunds: false };
  if (/^\d+(\.\d*)?$/.test(said)) return { level, federalFunds: Number(said) > 0 };
  repairs.push('government.federal_contribution_unreadable');
  return { level, federalFunds: null };
}

/**
 * CompraNet's dates to ISO 8601 UTC: `2013-12-30 00:00:00 GMT` is UTC as written; `2013-11-20 14:32` and a
 * bare `2013-11-22` are Mexico City wall-clock time. Blank → null; unreadable → null with a repair.
 */
export function dateOf(text: string, column: string, repairs: string[]): string | null {
  if (!text) return null;
  const gmt = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*(?:GMT|UTC|Z)$/i.exec(text);
  if (gmt) {
    const [, y, mo, d, h, mi, s] = gmt;
    const iso = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +(s ?? 0)));
    if (!Number.isNaN(iso.getTime()) && iso.getUTCDate() === +d) return iso.toISOString();
  }
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (local) {
    const [, y, mo, d, h, mi, s] = local;
    const utc = mexicoCityToUtc(+y, +mo, +d, +(h ?? 0), +(mi ?? 0), +(s ?? 0));
    if (utc) return utc.toISOString();
  }
  repairs.push(`date.unreadable_${column.toLowerCase()}`);
  return null;
}
