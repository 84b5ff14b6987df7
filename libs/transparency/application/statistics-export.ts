import type { Bilingual, ExportColumn } from '@licita/platform';
import { RED_FLAGS, type ContractFlagCode, type TenderFlagCode } from '../projections/red-flags';
import type { IntegrityReport, UnitIntegrity } from './integrity';
import type { Statistics } from './statistics';
import { PROCEDURE_TYPES } from './tender-export';

/** The statistics tables a file can hold, one per file. */
export const STATISTICS_TABLES = ['byProcedureType', 'byMonth', 'byBuyingUnit', 'byClassifierDivision'] as const;
export type StatisticsTable = (typeof STATISTICS_TABLES)[number];

/** A small table already in memory: its name, columns and rows (written by the same CSV/XLSX writer). */
export type SmallTable<Row> = { name: Bilingual; columns: Array<ExportColumn<Row>>; rows: Row[] };

const PROCEDURES: Bilingual = ['Procedimientos', 'Procedures'];
const ESTIMATED: Bilingual = ['Valor estimado', 'Estimated value'];
const AWARDED: Bilingual = ['Monto adjudicado', 'Awarded amount'];

type Any = Record<string, unknown>;
const money = (header: Bilingual, key: string): ExportColumn<Any> => ({
  header,
  type: 'money',
  value: (row) => (row[key] as { amount: number }).amount,
});
const integer = (header: Bilingual, key: string): ExportColumn<Any> => ({
  header,
  type: 'integer',
  value: (row) => row[key] as number,
});
const text = (header: Bilingual, value: (row: Any) => string | null, width?: number): ExportColumn<Any> => ({
  header,
  type: 'text',
  value,
  width,
});
/** A share in percent with two decimals (`12.5` is 12.5 %), as the statistics answer gives it. */
const percent = (header: Bilingual, key: string): ExportColumn<Any> => text(header, (row) => String(row[key]));

/**
 * One of the statistics' tables as a file: the same rows the statistics answer (and its page) show, one per key
 * and currency (a column says which: amounts of two currencies are never in one cell).
 */
export function statisticsTable(stats: Statistics, table: StatisticsTable, language: 'es' | 'en'): SmallTable<Any> {
  const en = language === 'en' ? 1 : 0;
  const currency = text(['Moneda', 'Currency'], (row) => row.currency as string, 8);
  switch (table) {
    case 'byProcedureType':
      return {
        name: ['estadisticas-por-tipo', 'statistics-by-type'],
        columns: [
          text(
            ['Tipo de procedimiento', 'Procedure type'],
            (row) => PROCEDURE_TYPES[row.procedureType as string]?.[en] ?? (row.procedureType as string),
            30,
          ),
          integer(PROCEDURES, 'procedures'),
          percent(['% de procedimientos', '% of procedures'], 'countShare'),
          currency,
          money(ESTIMATED, 'estimatedAmount'),
          money(AWARDED, 'awardedAmount'),
          percent(['% del monto adjudicado', '% of the awarded amount'], 'amountShare'),
          money(['Monto contratado', 'Contracted amount'], 'contractedAmount'),
        ],
        rows: stats.byProcedureType,
      };
    case 'byMonth':
      return {
        name: ['estadisticas-por-mes', 'statistics-by-month'],
        columns: [
          text(['Mes de publicación', 'Month published'], (row) => row.month as string, 12),
          integer(PROCEDURES, 'procedures'),
          currency,
          money(ESTIMATED, 'estimatedAmount'),
          money(AWARDED, 'awardedAmount'),
        ],
        rows: stats.byMonth,
      };
    case 'byBuyingUnit':
      return {
        name: ['estadisticas-por-unidad', 'statistics-by-buying-unit'],
        columns: [
          text(['Unidad compradora', 'Buying unit'], (row) => row.name as string | null, 40),
          integer(PROCEDURES, 'procedures'),
          currency,
          money(ESTIMATED, 'estimatedAmount'),
          money(AWARDED, 'awardedAmount'),
          text(['Clave de la unidad', 'Buying unit id'], (row) => row.buyingUnitId as string, 38),
        ],
        rows: stats.byBuyingUnit,
      };
    case 'byClassifierDivision':
      return {
        name: ['estadisticas-por-division', 'statistics-by-division'],
        columns: [
          text(['División', 'Division'], (row) => row.division as string, 12),
          text(
            ['Descripción', 'Description'],
            (row) => (row.description as { es: string | null; en: string | null })[language],
            50,
          ),
          integer(PROCEDURES, 'procedures'),
          integer(['Partidas', 'Items'], 'items'),
          currency,
          money(ESTIMATED, 'estimatedAmount'),
          money(AWARDED, 'awardedAmount'),
        ],
        rows: stats.byClassifierDivision,
      };
  }
}

/** The red-flags report per buying unit: procedures, flagged ones, each per-procedure flag's count, the unit's own flags. */
export function redFlagsTable(report: IntegrityReport, language: 'es' | 'en'): SmallTable<UnitIntegrity> {
  const en = language === 'en';
  const tenderFlags = Object.keys(report.totals.tenderFlags) as TenderFlagCode[];
  const flagTitle = (code: string): string => {
    const definition = RED_FLAGS[code as keyof typeof RED_FLAGS];
    return definition ? (en ? definition.en.title : definition.title) : code;
  };
  return {
    name: ['banderas-rojas', 'red-flags'],
    columns: [
      { header: ['Unidad compradora', 'Buying unit'], type: 'text', value: (row) => row.name, width: 40 },
      { header: PROCEDURES, type: 'integer', value: (row) => row.procedures },
      {
        header: ['Con alguna bandera roja', 'With any red flag'],
        type: 'integer',
        value: (row) => row.flaggedProcedures,
      },
      ...tenderFlags.map((code): ExportColumn<UnitIntegrity> => ({
        header: [flagTitle(code), flagTitle(code)],
        type: 'integer',
        value: (row) => row.tenderFlags[code],
        width: 20,
      })),
      {
        header: ['Banderas de la unidad', "The unit's own flags"],
        type: 'text',
        value: (row) =>
          row.unitFlags.map((flag) => `${flagTitle(flag.code)} (${flag.year}, ${flag.currency})`).join('; '),
        width: 40,
      },
      ...(Object.keys(report.totals.contractFlags) as ContractFlagCode[]).map((code): ExportColumn<UnitIntegrity> => ({
        header: [`Contratos: ${flagTitle(code)}`, `Contracts: ${flagTitle(code)}`],
        type: 'integer',
        value: (row) => row.contractFlags.filter((flag) => flag.code === code).length,
        width: 20,
      })),
      { header: ['Clave de la unidad', 'Buying unit id'], type: 'text', value: (row) => row.buyingUnitId, width: 38 },
    ],
    rows: report.buyingUnits,
  };
}
