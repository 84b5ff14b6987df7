import type { PlanLine, PlanLineLinked, PlanLineRevised, PlannedProcedure } from '@licita/planning';
import { toCurrencyUnits } from '../domain/amounts';
import type { OcdsRelease } from '../domain/compile-release';
import { buyingUnitPartyId, renderParty, type PartyRecord } from './ocds-parties';

/**
 * OCDS `planning` releases of the annual procurement plans (libs/planning), one per event: each line a revision
 * adds, changes or removes (`PlanLineRevised`), and each link of a procedure to a line (`PlanLineLinked`). OCDS 1.1 puts what is planned in
 * `planning` (`budget`: the line's estimate; `rationale`: the plan, its revision and the line) and, while no
 * tender exists, the planned procurement in `tender` with status `planned` (`withdrawn` once a revision removes
 * the line): its item with the classifier code, the estimate as `tender.value`, the expected method and the
 * planned quarter's start as `tender.tenderPeriod.startDate`.
 *
 * Ocids: an unlinked line is its own contracting process, `<prefix>plan-<unit>-<year>-<lineId>`. Once a
 * procedure is linked, the line's planning releases go under **the tender's ocid** (OCDS: a planning release
 * linked to the later tender of the same ocid), so the tender's record holds them; these carry no `tender`
 * block (the tender's own releases describe it, and merging would otherwise mix planned and real values),
 * only `planning`, the buyer and its party. The line's own earlier releases stay as they were published.
 */
export type PlannedLine = {
  kind: 'plan-line';
  buyingUnitId: string;
  fiscalYear: number;
  line: PlanLine;
  revision: number;
  removed: boolean;
  tenderId: string | null;
  ownOcid: string;
  ownReleases: number;
  linkedReleases: number;
};

export const PLANNING_OCDS_TYPES = ['PlanLineRevised', 'PlanLineLinked'] as const;

/** The key of a plan line in `ocds_processes` (its `tender_id` column). */
export const plannedLineKey = (buyingUnitId: string, fiscalYear: number, lineId: string) =>
  `plan-${buyingUnitId}-${fiscalYear}-${lineId}`;

const METHOD: Record<PlannedProcedure, { method: string; details: string }> = {
  public_tender: { method: 'open', details: 'Licitación pública' },
  invitation: { method: 'selective', details: 'Invitación a cuando menos tres personas' },
  direct_award: { method: 'direct', details: 'Adjudicación directa' },
  framework_order: { method: 'limited', details: 'Pedido a un contrato marco' },
  quick_quotation: { method: 'limited', details: 'Cotización rápida' },
};

const classification = (code: string) => ({ scheme: /^\d{8}-\d$/.test(code) ? 'CPV' : 'CUCOP', id: code });
const value = ({ amount, currency }: PlanLine['estimate']) => ({ amount: toCurrencyUnits(amount, currency), currency });

/** A line as a revision leaves it (`undefined`: a removal of a line this projection never saw). */
export function revisedLine(
  current: PlannedLine | undefined,
  data: PlanLineRevised['data'],
  ocidPrefix: string,
): PlannedLine | undefined {
  if (data.line === null) return current && { ...current, removed: true, revision: data.revision };
  const key = plannedLineKey(data.buyingUnitId, data.fiscalYear, data.lineId);
  return {
    kind: 'plan-line',
    buyingUnitId: data.buyingUnitId,
    fiscalYear: data.fiscalYear,
    line: data.line,
    revision: data.revision,
    removed: false,
    tenderId: current?.tenderId ?? null,
    ownOcid: current?.ownOcid ?? `${ocidPrefix}${key}`,
    ownReleases: current?.ownReleases ?? 0,
    linkedReleases: current?.linkedReleases ?? 0,
  };
}

export function linkedLine(current: PlannedLine, data: PlanLineLinked['data']): PlannedLine {
  return { ...current, tenderId: data.tenderId };
}

/** The release of a line as it now stands, and the line with its release counted. */
export function renderPlanningRelease(
  planned: PlannedLine,
  date: string,
  ocidPrefix: string,
  unit: PartyRecord | undefined,
): { line: PlannedLine; release: OcdsRelease } {
  const { line, buyingUnitId, fiscalYear } = planned;
  const linked = planned.tenderId !== null;
  const ocid = linked ? `${ocidPrefix}${planned.tenderId}` : planned.ownOcid;
  const count = linked ? planned.linkedReleases : planned.ownReleases;
  const counted = linked ? { ...planned, linkedReleases: count + 1 } : { ...planned, ownReleases: count + 1 };
  const partyId = buyingUnitPartyId(buyingUnitId);
  const party = unit ? renderParty(partyId, unit) : { id: partyId, name: buyingUnitId };
  const release: OcdsRelease = {
    ocid,
    id: linked ? `${ocid}-plan-${line.lineId}-${count + 1}` : `${ocid}-${count + 1}`,
    date,
    tag: [count === 0 ? 'planning' : 'planningUpdate'],
    initiationType: 'tender',
    language: 'es',
    parties: [{ ...party, roles: ['buyer', 'procuringEntity'] }],
    buyer: { id: party.id, name: party.name },
    planning: {
      rationale:
        `Programa Anual de Adquisiciones, Arrendamientos y Servicios ${fiscalYear}, revisión ${planned.revision}, ` +
        `línea ${line.lineId}: ${line.description}` +
        (line.legalBasis ? ` (${line.legalBasis})` : ''),
      budget: {
        id: plannedLineKey(buyingUnitId, fiscalYear, line.lineId),
        description: line.description,
        amount: value(line.estimate),
      },
    },
  };
  if (!linked) release.tender = plannedTender(planned);
  return { line: counted, release };
}

function plannedTender({ line, buyingUnitId, fiscalYear, removed }: PlannedLine): Record<string, unknown> {
  const method = METHOD[line.procedureType];
  const month = String((line.quarter - 1) * 3 + 1).padStart(2, '0');
  return {
    id: plannedLineKey(buyingUnitId, fiscalYear, line.lineId),
    title: line.description,
    status: removed ? 'withdrawn' : 'planned',
    items: [{ id: line.lineId, description: line.description, classification: classification(line.classifierCode) }],
    value: value(line.estimate),
    procurementMethod: method.method,
    procurementMethodDetails: method.details,
    // The planned quarter's first day, midnight in Mexico City (UTC−6).
    tenderPeriod: { startDate: `${fiscalYear}-${month}-01T06:00:00Z` },
  };
}
