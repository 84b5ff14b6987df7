import { Injectable } from '@nestjs/common';
import type { Bilingual, ExportColumn, ExportSource } from '@licita/platform';
import { STATUS_TEXT } from '../projections/plain-language';
import { SORTS, tenderFilter, type TenderFilter, type TenderSort } from './public-tenders';

/** A search's filters and its order, without paging: what an export of the search takes. */
export type TenderExportQuery = TenderFilter & { sort?: TenderSort };

type ExportRow = {
  tender_id: string;
  number: string | null;
  title: string;
  status: string;
  procedure_type: string;
  category: string;
  buying_unit_id: string;
  buying_unit_name: string | null;
  currency: string;
  estimated_amount: string;
  awarded_amount: string;
  published_at: Date;
  submission_deadline: Date | null;
  proposals_count: number;
  bidders_count: number | null;
  item_codes: string[] | null;
  red_flags: string[];
  features: string[];
};

export const PROCEDURE_TYPES: Record<string, Bilingual> = {
  public_national: ['Licitación pública nacional', 'Public national tender'],
  public_international: ['Licitación pública internacional', 'Public international tender'],
  invitation: ['Invitación a cuando menos tres personas', 'Invitation to at least three suppliers'],
  direct_award: ['Adjudicación directa', 'Direct award'],
};

const FEATURES: Record<string, Bilingual> = {
  consolidated_purchase: ['Compra consolidada', 'Consolidated purchase'],
  multi_year: ['Contrato plurianual', 'Multi-year contract'],
};

const CATEGORIES: Record<string, Bilingual> = {
  goods: ['Bienes', 'Goods'],
  services: ['Servicios', 'Services'],
  works: ['Obra pública', 'Public works'],
  leasing: ['Arrendamiento', 'Leasing'],
};

/** The columns of the procedures' export; labels in the file's language (the code itself when unknown). */
function tenderColumns(language: 'es' | 'en'): Array<ExportColumn<ExportRow>> {
  const named = (labels: Record<string, Bilingual>, code: string) => labels[code]?.[language === 'en' ? 1 : 0] ?? code;
  return [
    { header: ['Número', 'Number'], type: 'text', value: (row) => row.number, width: 20 },
    { header: ['Título', 'Title'], type: 'text', value: (row) => row.title, width: 50 },
    { header: ['Estado', 'Status'], type: 'text', value: (row) => named(STATUS_TEXT, row.status), width: 24 },
    {
      header: ['Tipo de procedimiento', 'Procedure type'],
      type: 'text',
      value: (row) => named(PROCEDURE_TYPES, row.procedure_type),
      width: 30,
    },
    { header: ['Categoría', 'Category'], type: 'text', value: (row) => named(CATEGORIES, row.category) },
    {
      header: ['Unidad compradora', 'Buying unit'],
      type: 'text',
      value: (row) => row.buying_unit_name ?? row.buying_unit_id,
      width: 40,
    },
    { header: ['Moneda', 'Currency'], type: 'text', value: (row) => row.currency, width: 10 },
    { header: ['Valor estimado', 'Estimated value'], type: 'money', value: (row) => row.estimated_amount, width: 18 },
    { header: ['Monto adjudicado', 'Awarded amount'], type: 'money', value: (row) => row.awarded_amount, width: 18 },
    {
      header: ['Publicada (hora de la Ciudad de México)', 'Published (Mexico City time)'],
      type: 'instant',
      value: (row) => row.published_at,
      width: 20,
    },
    {
      header: ['Fecha límite de propuestas (hora de la Ciudad de México)', 'Submission deadline (Mexico City time)'],
      type: 'instant',
      value: (row) => row.submission_deadline,
      width: 20,
    },
    // Before the opening act only how many sealed proposals stand, as the search shows.
    { header: ['Propuestas', 'Proposals'], type: 'integer', value: (row) => row.proposals_count, width: 12 },
    { header: ['Licitantes', 'Bidders'], type: 'integer', value: (row) => row.bidders_count, width: 12 },
    {
      header: ['Códigos del clasificador', 'Classifier codes'],
      type: 'text',
      value: (row) => [...new Set(row.item_codes ?? [])].sort().join('; '),
      width: 24,
    },
    { header: ['Banderas rojas', 'Red flags'], type: 'text', value: (row) => row.red_flags.join('; '), width: 24 },
    {
      header: ['Compra consolidada o plurianual', 'Consolidated or multi-year'],
      type: 'text',
      value: (row) => row.features.map((feature) => named(FEATURES, feature)).join('; '),
      width: 24,
    },
    { header: ['Clave del procedimiento', 'Procedure id'], type: 'text', value: (row) => row.tender_id, width: 38 },
    {
      header: ['Clave de la unidad compradora', 'Buying unit id'],
      type: 'text',
      value: (row) => row.buying_unit_id,
      width: 38,
    },
  ];
}

/**
 * The public procedures' export: the rows of a search (the same `tenderFilter`, so every filter of the search
 * applies, and nothing a search would not show), in the search's order.
 */
@Injectable()
export class TenderExports {
  source(query: TenderExportQuery, language: 'es' | 'en'): ExportSource<ExportRow> {
    const { where, params } = tenderFilter(query);
    const sortName = query.sort ?? '-publishedAt';
    const direction = sortName.startsWith('-') ? 'DESC' : 'ASC';
    const sort = SORTS[sortName.replace('-', '')];
    return {
      name: ['procedimientos', 'procedures'],
      columns: tenderColumns(language),
      select: `t.tender_id, t.record->>'number' AS number, t.title, t.status, t.procedure_type, t.category,
               t.buying_unit_id, coalesce(bu.name, hu.name) AS buying_unit_name, t.currency, t.estimated_amount, t.awarded_amount,
               t.published_at, t.submission_deadline, t.proposals_count, t.bidders_count, t.item_codes, t.red_flags, t.features`,
      from: `FROM transparency_tenders t LEFT JOIN buying_units bu ON bu.buying_unit_id = t.buying_unit_id
             LEFT JOIN transparency_historical_units hu ON hu.party_id = t.buying_unit_id
             WHERE ${where.join(' AND ')}`,
      orderBy: `${sort.expression} ${direction}, t.tender_id ${direction}`,
      params,
    };
  }
}
