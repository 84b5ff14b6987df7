import { Injectable } from '@nestjs/common';
import type { Bilingual, ExportColumn, ExportSource } from '@licita/platform';
import { PROCEDURE_LINE_COLUMNS, withProcedureAndParties } from './profiles';
import { PROCEDURE_TYPES } from './tender-export';

/** Whose profile: a supplier's or a buying unit's. */
export type ProfileParty = 'supplier' | 'buyingUnit';
/** Which of its lists. */
export type ProfileList = 'awards' | 'contracts';

type LineRow = {
  tender_id: string;
  title: string;
  lot_id: string;
  buying_unit_id: string;
  unit_name: string | null;
  supplier_id: string;
  supplier_name: string | null;
  currency: string;
  amount: string;
  status: string;
};
type AwardRow = LineRow & { procedure_type: string; basis: string; awarded_at: Date };
type ContractRow = LineRow & {
  contract_id: string;
  original_amount: string;
  direct_award: boolean;
  signed_at: Date;
  start_date: Date | null;
  end_date: Date | null;
};

const AWARD_STATUSES: Record<string, Bilingual> = {
  active: ['Vigente', 'Standing'],
  revised: ['Revisada', 'Revised'],
  annulled: ['Anulada', 'Annulled'],
  cancelled: ['Cancelada', 'Cancelled'],
};
const CONTRACT_STATUSES: Record<string, Bilingual> = {
  active: ['Vigente', 'Active'],
  completed: ['Concluido', 'Completed'],
  terminated: ['Terminado anticipadamente', 'Terminated early'],
};

const MEXICO_CITY = '(hora de la Ciudad de México)';

function lineColumns<Row extends LineRow>(): Array<ExportColumn<Row>> {
  return [
    { header: ['Procedimiento', 'Procedure'], type: 'text', value: (row) => row.title, width: 50 },
    { header: ['Partida', 'Lot'], type: 'text', value: (row) => row.lot_id, width: 12 },
    { header: ['Unidad compradora', 'Buying unit'], type: 'text', value: (row) => row.unit_name, width: 40 },
    { header: ['Proveedor', 'Supplier'], type: 'text', value: (row) => row.supplier_name, width: 40 },
    { header: ['Moneda', 'Currency'], type: 'text', value: (row) => row.currency, width: 8 },
  ];
}

const ids = <Row extends LineRow>(): Array<ExportColumn<Row>> => [
  { header: ['Clave del procedimiento', 'Procedure id'], type: 'text', value: (row) => row.tender_id, width: 38 },
  { header: ['Clave de la unidad', 'Buying unit id'], type: 'text', value: (row) => row.buying_unit_id, width: 38 },
  { header: ['Clave del proveedor', 'Supplier id'], type: 'text', value: (row) => row.supplier_id, width: 38 },
];

function awardColumns(language: 'es' | 'en'): Array<ExportColumn<AwardRow>> {
  const named = (labels: Record<string, Bilingual>, code: string) => labels[code]?.[language === 'en' ? 1 : 0] ?? code;
  return [
    {
      header: [`Adjudicada ${MEXICO_CITY}`, 'Awarded (Mexico City time)'],
      type: 'instant',
      value: (row) => row.awarded_at,
      width: 20,
    },
    ...lineColumns<AwardRow>(),
    { header: ['Monto adjudicado', 'Awarded amount'], type: 'money', value: (row) => row.amount },
    { header: ['Estado', 'Status'], type: 'text', value: (row) => named(AWARD_STATUSES, row.status) },
    {
      header: ['Tipo de procedimiento', 'Procedure type'],
      type: 'text',
      value: (row) => named(PROCEDURE_TYPES, row.procedure_type),
      width: 28,
    },
    { header: ['Fundamento', 'Basis'], type: 'text', value: (row) => row.basis, width: 20 },
    ...ids<AwardRow>(),
  ];
}

function contractColumns(language: 'es' | 'en'): Array<ExportColumn<ContractRow>> {
  const named = (labels: Record<string, Bilingual>, code: string) => labels[code]?.[language === 'en' ? 1 : 0] ?? code;
  return [
    {
      header: [`Firmado ${MEXICO_CITY}`, 'Signed (Mexico City time)'],
      type: 'instant',
      value: (row) => row.signed_at,
      width: 20,
    },
    ...lineColumns<ContractRow>(),
    { header: ['Monto original', 'Original amount'], type: 'money', value: (row) => row.original_amount },
    { header: ['Monto vigente', 'Current amount'], type: 'money', value: (row) => row.amount },
    { header: ['Estado', 'Status'], type: 'text', value: (row) => named(CONTRACT_STATUSES, row.status) },
    {
      header: ['Adjudicación directa', 'Direct award'],
      type: 'text',
      value: (row) => (row.direct_award ? (language === 'en' ? 'Yes' : 'Sí') : 'No'),
    },
    { header: [`Inicio ${MEXICO_CITY}`, 'Starts (Mexico City time)'], type: 'instant', value: (row) => row.start_date },
    { header: [`Fin ${MEXICO_CITY}`, 'Ends (Mexico City time)'], type: 'instant', value: (row) => row.end_date },
    { header: ['Clave del contrato', 'Contract id'], type: 'text', value: (row) => row.contract_id, width: 38 },
    ...ids<ContractRow>(),
  ];
}

const FILE_NAMES: Record<ProfileParty, Record<ProfileList, Bilingual>> = {
  supplier: {
    awards: ['adjudicaciones-del-proveedor', 'supplier-awards'],
    contracts: ['contratos-del-proveedor', 'supplier-contracts'],
  },
  buyingUnit: {
    awards: ['adjudicaciones-de-la-unidad', 'buying-unit-awards'],
    contracts: ['contratos-de-la-unidad', 'buying-unit-contracts'],
  },
};

/**
 * A profile's awards or contracts as a file: every one (the profile shows the latest 100), newest first, from
 * the same tables and joins as the profile's lists.
 */
@Injectable()
export class ProfileExports {
  source(party: ProfileParty, list: ProfileList, id: string, language: 'es' | 'en'): ExportSource<never> {
    const column = party === 'supplier' ? 'supplier_id' : 'buying_unit_id';
    const source =
      list === 'awards'
        ? {
            columns: awardColumns(language),
            select: `${PROCEDURE_LINE_COLUMNS('a')}, a.procedure_type, a.amount, a.basis, a.status, a.awarded_at`,
            from: `${withProcedureAndParties('transparency_awards', 'a')} WHERE a.${column} = $1`,
            orderBy: 'a.awarded_at DESC, a.tender_id, a.lot_id',
          }
        : {
            columns: contractColumns(language),
            select: `c.contract_id, ${PROCEDURE_LINE_COLUMNS('c')}, c.original_amount, c.amount, c.status,
                     c.direct_award, c.signed_at, c.start_date, c.end_date`,
            from: `${withProcedureAndParties('transparency_contracts', 'c')} WHERE c.${column} = $1`,
            orderBy: 'c.signed_at DESC, c.contract_id',
          };
    return { ...source, name: FILE_NAMES[party][list], params: [id] };
  }
}
