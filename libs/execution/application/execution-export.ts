import type { ExportColumn, ExportSource } from '@licita/platform';
import { termFlags } from '../domain/execution.flags';
import {
  PUBLIC_TERM_COLUMNS,
  publicTermOf,
  publicTermsFrom,
  termParams,
  type PublicTermRow,
  type TermFilter,
} from './execution-indicators';

export const EXECUTION_EXPORT_TABLES = ['deliveries', 'payments'] as const;
export type ExecutionExportTable = (typeof EXECUTION_EXPORT_TABLES)[number];

const text = (header: readonly [string, string], value: (row: PublicTermRow) => string | null, width?: number) =>
  ({ header, type: 'text', value, width }) as const;
const instant = (header: readonly [string, string], value: (row: PublicTermRow) => Date | null) =>
  ({ header, type: 'instant', value }) as const;

/** The contract's columns every row starts with. */
const CONTRACT: Array<ExportColumn<PublicTermRow>> = [
  text(['Contrato', 'Contract'], (row) => row.contract_id, 38),
  text(['Procedimiento', 'Procedure'], (row) => row.tender_id, 38),
  text(['Unidad compradora', 'Buying unit'], (row) => row.buying_unit_id, 38),
  text(['Proveedor', 'Supplier'], (row) => row.supplier_id, 38),
];

/** The flag of the row at `asOf` (its code and days), from the same rule as the execution's read. */
const flagColumns = (asOf: string): Array<ExportColumn<PublicTermRow>> => {
  const flagOf = (row: PublicTermRow) => termFlags(publicTermOf(row), asOf)[0] ?? null;
  return [
    text(['Bandera', 'Flag'], (row) => flagOf(row)?.code ?? null, 18),
    { header: ['Días de atraso', 'Days late'], type: 'integer', value: (row) => flagOf(row)?.days ?? null },
  ];
};

/**
 * The execution of public contracts as a file: one row per scheduled delivery, or one per invoice with what was
 * paid, each with its flag as of the request (`asOf`). Read through the exports' cursor (EXPORT_MAX_ROWS applies).
 */
export function executionExport(
  table: ExecutionExportTable,
  filter: TermFilter,
  asOf: Date,
): ExportSource<PublicTermRow> {
  const at = asOf.toISOString();
  const common = { select: PUBLIC_TERM_COLUMNS, params: termParams(filter) };
  if (table === 'deliveries')
    return {
      ...common,
      name: ['entregas', 'deliveries'],
      from: `${publicTermsFrom()} AND t.kind = 'delivery'`,
      orderBy: 't.due_date, t.contract_id, t.term_id',
      columns: [
        ...CONTRACT,
        text(['Entrega', 'Delivery'], (row) => row.term_id, 24),
        text(['Partida', 'Item'], (row) => row.label, 24),
        text(['Unidad de medida', 'Unit of measure'], (row) => row.unit),
        text(['Cantidad programada', 'Quantity scheduled'], (row) => String(Number(row.quantity))),
        text(['Cantidad aceptada', 'Quantity accepted'], (row) => String(Number(row.done))),
        text(['Fecha límite (Ciudad de México)', 'Due date (Mexico City)'], (row) => row.due_date, 14),
        instant(['Completada', 'Completed'], (row) => row.completed_at),
        ...flagColumns(at),
      ],
    };
  return {
    ...common,
    name: ['pagos', 'payments'],
    from: `${publicTermsFrom(true)} AND t.kind = 'invoice'`,
    orderBy: 'coalesce(t.due_date, t.started_at::date), t.contract_id, t.term_id',
    columns: [
      ...CONTRACT,
      text(['Factura', 'Invoice'], (row) => row.term_id, 24),
      text(['Serie y folio', 'Series and folio'], (row) => row.label, 16),
      text(['Estado de la factura', 'Invoice status'], (row) => row.status, 12),
      text(['Moneda', 'Currency'], (row) => row.currency, 8),
      { header: ['Monto de la factura', 'Invoice amount'], type: 'money', value: (row) => row.quantity },
      { header: ['Pagado', 'Paid'], type: 'money', value: (row) => row.done },
      instant(['Aceptada', 'Accepted'], (row) => row.started_at),
      text(['Vence el pago (Ciudad de México)', 'Payment due (Mexico City)'], (row) => row.due_date, 14),
      instant(['Pagada por completo', 'Paid in full'], (row) => row.completed_at),
      ...flagColumns(at),
    ],
  };
}
