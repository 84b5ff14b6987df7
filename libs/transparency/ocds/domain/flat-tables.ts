import type { OcdsRelease } from './compile-release';

/**
 * The bulk CSV tables: compiled releases in the shape of the OCDS flattened serialization (flatten-tool's): a main
 * table with one row per contracting process, and one child table per array (lots, items, awards, contracts,
 * parties) with one row per entry. Column names are the JSON paths of the values, as flatten-tool writes them:
 * `tender/value/amount` in the main table, `tender/items/0/unit/value/amount` in a child table (the `0` stands
 * for "this row's entry"); every child row starts with the process's `ocid` and the compiled release's `id`,
 * the keys flatten-tool joins child sheets on. Arrays of strings (`roles`, `relatedLots`) are joined with `;`.
 *
 * These definitions are the one source of the exporter and of the data dictionary (`/api/bulk/dictionary`, the
 * web page `/datos-abiertos/diccionario`): a column's name, type and descriptions cannot disagree with its values.
 */
export type ColumnType = 'string' | 'number' | 'integer' | 'boolean' | 'date-time' | 'string list';

export interface FlatColumn {
  /** The path within the row's object (the compiled release, or the array entry of a child table). */
  path: string;
  type: ColumnType;
  es: string;
  en: string;
  example: string;
}

export const TABLE_NAMES = ['procedures', 'lots', 'items', 'awards', 'contracts', 'parties'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export interface FlatTable {
  name: TableName;
  /** The array of the compiled release a row stands for; none: the main table (one row per process). */
  array?: string;
  es: string;
  en: string;
  columns: FlatColumn[];
}

const column = (path: string, type: ColumnType, es: string, en: string, example: string): FlatColumn => ({
  path,
  type,
  es,
  en,
  example,
});

const amount = (prefix: string, es: string, en: string, example: string): FlatColumn[] => [
  column(
    `${prefix}/amount`,
    'number',
    `${es}: monto en unidades de la moneda (pesos con centavos)`,
    `${en}: amount in currency units`,
    example,
  ),
  column(`${prefix}/currency`, 'string', `${es}: moneda (ISO 4217)`, `${en}: currency (ISO 4217)`, 'MXN'),
];

/** The keys every child row carries: the process and the compiled release it comes from. */
const PARENT_KEYS: FlatColumn[] = [
  column(
    'ocid',
    'string',
    'Identificador OCDS del proceso de contratación',
    'OCDS identifier of the contracting process',
    'ocds-licita-6f1c…',
  ),
  column(
    'id',
    'string',
    'Identificador de la versión compilada del proceso',
    'Identifier of the compiled release',
    'ocds-licita-6f1c…-2026-12-01T16:00:00.000Z',
  ),
];

export const FLAT_TABLES: readonly FlatTable[] = [
  {
    name: 'procedures',
    es: 'Procedimientos: una fila por proceso de contratación, con su estado actual (versión compilada)',
    en: 'Procedures: one row per contracting process, as it stands now (the compiled release)',
    columns: [
      ...PARENT_KEYS,
      column(
        'date',
        'date-time',
        'Fecha del último cambio publicado',
        'Date of the latest published change',
        '2026-12-01T16:00:00.000Z',
      ),
      column(
        'initiationType',
        'string',
        'Cómo se inició el proceso (siempre tender)',
        'How the process started (always tender)',
        'tender',
      ),
      column(
        'buyer/id',
        'string',
        'Unidad compradora: identificador de la parte',
        'Buying unit: party identifier',
        'buying-unit-…',
      ),
      column('buyer/name', 'string', 'Unidad compradora: nombre', 'Buying unit: name', 'Unidad UC-1A2B3C4D'),
      column('tender/id', 'string', 'Número del procedimiento', 'Procedure number', 'LA-UC1A2B3C4D-1-2026'),
      column('tender/title', 'string', 'Título', 'Title', 'Adquisición de equipo de cómputo'),
      column('tender/description', 'string', 'Descripción', 'Description', 'Equipo para las oficinas centrales'),
      column(
        'tender/status',
        'string',
        'Estado: active, complete, unsuccessful, cancelled',
        'Status: active, complete, unsuccessful, cancelled',
        'active',
      ),
      column(
        'tender/procurementMethod',
        'string',
        'Método: open, selective, direct',
        'Method: open, selective, direct',
        'open',
      ),
      column(
        'tender/procurementMethodDetails',
        'string',
        'Tipo de procedimiento (LAASSP)',
        'Procedure type (LAASSP)',
        'Licitación pública nacional',
      ),
      column(
        'tender/procurementMethodRationale',
        'string',
        'Fundamento de una adjudicación directa',
        'Legal ground of a direct award',
        'LAASSP art. 41 fr. I: Bienes con patente exclusiva.',
      ),
      column(
        'tender/submissionMethodDetails',
        'string',
        'Plazo mínimo legal aplicado (ley, versión, referencia) y, si lo hubo, la justificación de su reducción',
        'Legal minimum period applied (law, version, reference) and, if any, why it was shortened',
        'Plazo mínimo: 15 días naturales (LAASSP art. 32 (DOF 28-05-2009), versión LAASSP-2009), contados en días naturales de la Ciudad de México; referencia sin verificar contra el DOF.',
      ),
      column(
        'tender/mainProcurementCategory',
        'string',
        'Categoría: goods, services, works',
        'Category: goods, services, works',
        'goods',
      ),
      column(
        'tender/awardCriteria',
        'string',
        'Criterio de adjudicación: priceOnly, ratedCriteria',
        'Award criteria: priceOnly, ratedCriteria',
        'priceOnly',
      ),
      column(
        'tender/submissionMethod',
        'string list',
        'Forma de presentación (electronicSubmission; electronicAuction)',
        'Submission method (electronicSubmission; electronicAuction)',
        'electronicSubmission',
      ),
      ...amount('tender/value', 'Monto estimado', 'Estimated value', '297000'),
      column(
        'tender/tenderPeriod/startDate',
        'date-time',
        'Publicación de la convocatoria',
        'Publication of the call',
        '2026-12-01T16:00:00.000Z',
      ),
      column(
        'tender/tenderPeriod/endDate',
        'date-time',
        'Fecha límite de proposiciones',
        'Submission deadline',
        '2026-12-16T16:00:00.000Z',
      ),
      column(
        'tender/enquiryPeriod/endDate',
        'date-time',
        'Fecha límite de preguntas',
        'Questions deadline',
        '2026-12-08T16:00:00.000Z',
      ),
      column(
        'tender/awardPeriod/startDate',
        'date-time',
        'Acto de apertura',
        'Opening of proposals',
        '2026-12-17T16:00:00.000Z',
      ),
      column('tender/awardPeriod/endDate', 'date-time', 'Fallo previsto', 'Planned award', '2026-12-22T16:00:00.000Z'),
      column('tender/hasEnquiries', 'boolean', 'Si hubo preguntas', 'Whether there were questions', 'false'),
      column(
        'tender/numberOfTenderers',
        'integer',
        'Licitantes en el acto de apertura',
        'Tenderers at the opening',
        '3',
      ),
    ],
  },
  {
    name: 'lots',
    array: 'tender/lots',
    es: 'Partidas (lotes): una fila por partida',
    en: 'Lots: one row per lot',
    columns: [
      ...PARENT_KEYS,
      column('id', 'string', 'Identificador de la partida', 'Lot identifier', 'lot-1'),
      column('title', 'string', 'Título de la partida', 'Lot title', 'Equipo de cómputo portátil'),
      column(
        'status',
        'string',
        'Estado: active, complete, unsuccessful, cancelled',
        'Status: active, complete, unsuccessful, cancelled',
        'active',
      ),
      ...amount('value', 'Monto estimado', 'Estimated value', '265000'),
    ],
  },
  {
    name: 'items',
    array: 'tender/items',
    es: 'Conceptos: una fila por concepto de la convocatoria, con su partida',
    en: 'Items: one row per item of the call, with its lot',
    columns: [
      ...PARENT_KEYS,
      column('id', 'string', 'Identificador del concepto', 'Item identifier', 'item-1'),
      column('description', 'string', 'Descripción', 'Description', 'Laptop 14", 16 GB RAM'),
      column(
        'classification/scheme',
        'string',
        'Clasificador: CUCOP o CPV',
        'Classification scheme: CUCOP or CPV',
        'CPV',
      ),
      column('classification/id', 'string', 'Clave en el clasificador', 'Code in the classification', '30213100-6'),
      column('quantity', 'number', 'Cantidad', 'Quantity', '10'),
      column('unit/name', 'string', 'Unidad de medida', 'Unit of measure', 'pieza'),
      ...amount('unit/value', 'Precio unitario estimado', 'Estimated unit price', '25000'),
      column('relatedLot', 'string', 'Partida a la que pertenece', 'The lot it belongs to', 'lot-1'),
    ],
  },
  {
    name: 'awards',
    array: 'awards',
    es: 'Adjudicaciones: una fila por adjudicación (una por partida; una revocada queda como cancelled)',
    en: 'Awards: one row per award (one per lot; a revoked one stays, cancelled)',
    columns: [
      ...PARENT_KEYS,
      column('id', 'string', 'Identificador de la adjudicación', 'Award identifier', 'lot-1-award-1'),
      column('title', 'string', 'Título', 'Title', 'Lote lot-1: Equipo de cómputo portátil'),
      column('description', 'string', 'Base del fallo', 'Basis of the award', 'Adjudicación directa'),
      column('status', 'string', 'Estado: pending, active, cancelled', 'Status: pending, active, cancelled', 'active'),
      column('date', 'date-time', 'Fecha del fallo', 'Award date', '2026-12-22T16:00:00.000Z'),
      ...amount('value', 'Monto adjudicado', 'Awarded value', '240000'),
      column(
        'suppliers/0/id',
        'string',
        'Proveedor adjudicado: identificador de la parte',
        'Awarded supplier: party identifier',
        'supplier-…',
      ),
      column(
        'suppliers/0/name',
        'string',
        'Proveedor adjudicado: nombre',
        'Awarded supplier: name',
        'Proveedora A, S.A. de C.V.',
      ),
      column('relatedLots', 'string list', 'Partidas adjudicadas', 'Lots awarded', 'lot-1'),
      column('relatedBid', 'string', 'Proposición ganadora (extensión bid)', 'Winning bid (bid extension)', '…-lot-1'),
    ],
  },
  {
    name: 'contracts',
    array: 'contracts',
    es: 'Contratos: una fila por contrato, con su adjudicación y cómo terminó',
    en: 'Contracts: one row per contract, with its award and how it ended',
    columns: [
      ...PARENT_KEYS,
      column('id', 'string', 'Identificador del contrato', 'Contract identifier', '…'),
      column('awardID', 'string', 'Adjudicación de la que viene', 'The award it comes from', 'lot-1-award-1'),
      column('title', 'string', 'Título', 'Title', 'Contrato del lote lot-1'),
      column('status', 'string', 'Estado: active, terminated', 'Status: active, terminated', 'active'),
      ...amount(
        'value',
        'Monto del contrato (con sus convenios modificatorios)',
        'Contract value (with its amendments)',
        '240000',
      ),
      column('dateSigned', 'date-time', 'Fecha de firma', 'Date signed', '2026-12-23T16:00:00.000Z'),
      column(
        'period/startDate',
        'date-time',
        'Inicio de la vigencia',
        'Start of the contract period',
        '2026-12-24T16:00:00.000Z',
      ),
      column(
        'period/endDate',
        'date-time',
        'Fin de la vigencia',
        'End of the contract period',
        '2027-01-22T16:00:00.000Z',
      ),
      column('milestones/0/title', 'string', 'Cómo terminó', 'How it ended', 'Contrato cumplido'),
      column('milestones/0/status', 'string', 'Cumplimiento: met, notMet', 'Fulfilment: met, notMet', 'met'),
      column('milestones/0/dateMet', 'date-time', 'Fecha de terminación', 'Date it ended', '2027-01-22T16:00:00.000Z'),
    ],
  },
  {
    name: 'parties',
    array: 'parties',
    es: 'Partes: la unidad compradora y los proveedores (licitantes y adjudicados), como estaban en el padrón',
    en: 'Parties: the buying unit and the suppliers (tenderers and awarded), as the register had them',
    columns: [
      ...PARENT_KEYS,
      column('id', 'string', 'Identificador de la parte', 'Party identifier', 'supplier-…'),
      column('name', 'string', 'Nombre o razón social', 'Name', 'Proveedora A, S.A. de C.V.'),
      column(
        'roles',
        'string list',
        'Papeles: buyer; procuringEntity; tenderer; supplier',
        'Roles: buyer; procuringEntity; tenderer; supplier',
        'tenderer;supplier',
      ),
      column(
        'identifier/scheme',
        'string',
        'Registro: MX-RFC (proveedores) o MX-UC (unidades compradoras)',
        'Register: MX-RFC (suppliers) or MX-UC (buying units)',
        'MX-RFC',
      ),
      column(
        'identifier/id',
        'string',
        'RFC o clave de la unidad compradora',
        'RFC or buying unit code',
        'PAB010101AB1',
      ),
      column('identifier/legalName', 'string', 'Razón social', 'Legal name', 'Proveedora A, S.A. de C.V.'),
      column('address/locality', 'string', 'Municipio', 'Municipality', 'Guadalajara'),
      column('address/region', 'string', 'Entidad federativa', 'State', 'Jalisco'),
      column('address/countryName', 'string', 'País', 'Country', 'México'),
    ],
  },
];

/** A table's header: its columns' names, child columns prefixed with `<array>/0/`. */
export function tableHeader(table: FlatTable): string[] {
  return table.columns.map((col, index) => columnName(table, col, index));
}

const columnName = (table: FlatTable, col: FlatColumn, index: number): string =>
  table.array === undefined || index < PARENT_KEYS.length ? col.path : `${table.array}/0/${col.path}`;

/** The rows of one table for one compiled release, as CSV cells. */
export function tableRows(table: FlatTable, compiled: OcdsRelease): string[][] {
  if (table.array === undefined) return [table.columns.map((col) => cell(valueAt(compiled, col.path)))];
  const entries = valueAt(compiled, table.array);
  if (!Array.isArray(entries)) return [];
  return entries.map((entry) =>
    table.columns.map((col, index) =>
      cell(index < PARENT_KEYS.length ? valueAt(compiled, col.path) : valueAt(entry, col.path)),
    ),
  );
}

export function flatTable(name: string): FlatTable | undefined {
  return FLAT_TABLES.find((table) => table.name === name);
}

/** The value at a `/`-separated path (numeric segments index arrays); `undefined` when any step is missing. */
function valueAt(source: unknown, path: string): unknown {
  let current = source;
  for (const segment of path.split('/')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** A CSV cell: numbers as JSON writes them, string lists joined with `;`, nothing for a missing value. */
function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(cell).join(';');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The data dictionary: each table and column with its OCDS path, type, descriptions and an example. */
export function dataDictionary() {
  return FLAT_TABLES.map((table) => ({
    table: table.name,
    file: `${table.name}.csv`,
    es: table.es,
    en: table.en,
    columns: table.columns.map((col, index) => ({
      name: columnName(table, col, index),
      type: col.type,
      es: col.es,
      en: col.en,
      example: col.example,
    })),
  }));
}
