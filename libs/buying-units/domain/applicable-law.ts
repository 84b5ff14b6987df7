import type { GovernmentLevel } from './buying-unit.commands';
import table from './state-procurement-laws.json';

/** The category a procedure buys: goods, services and leasing follow one law, public works another. */
export type ProcurementCategory = 'goods' | 'services' | 'leasing' | 'works';
export const PROCUREMENT_CATEGORIES: readonly ProcurementCategory[] = ['goods', 'services', 'leasing', 'works'];

export type Law = { code: string; name: string };

/** A state's own procurement law, as configured in state-procurement-laws.json (every entry unverified). */
export type StateLawEntry = {
  goods: Law | null;
  works: Law | null;
  /** Amount ceilings per procedure type, when someone has read them from the year's budget decree. */
  thresholds: Record<string, unknown> | null;
  verified: boolean;
};
export type StateLawTable = Record<string, StateLawEntry>;

export const STATE_LAWS: StateLawTable = table.states;

/** The federal laws: LAASSP (acquisitions, leasing and services) and LOPSRM (public works and related services). */
export const LAASSP: Law = {
  code: 'LAASSP',
  name: 'Ley de Adquisiciones, Arrendamientos y Servicios del Sector Público',
};
export const LOPSRM: Law = { code: 'LOPSRM', name: 'Ley de Obras Públicas y Servicios Relacionados con las Mismas' };

/**
 * Why a law applies: the organisation is federal; the money is federal (a state or municipality spending federal
 * funds, CompraNet's APORTACION_FEDERAL, follows federal law: LAASSP art. 1 fr. VI, LOPSRM art. 1 fr. VI); or the
 * state's own law for its own money (`state_law_not_configured` when the table has no entry for it yet).
 */
export type LawReason = 'federal_organisation' | 'federal_funds' | 'state_law' | 'state_law_not_configured';

export type ApplicableLaw = {
  jurisdiction: 'federal' | 'state';
  law: Law | null;
  reason: LawReason;
  /** The state whose law applies (`null` for federal law). */
  stateCode: string | null;
  /** False for every entry of the state table until someone checks it against the official gazette. */
  verified: boolean;
};

/** Which law governs a procedure, from its organisation's level and place and the origin of its funds. Pure. */
export function applicableLaw(
  procedure: {
    level: GovernmentLevel;
    stateCode: string | null;
    federalFunds: boolean;
    category: ProcurementCategory;
  },
  states: StateLawTable = STATE_LAWS,
): ApplicableLaw {
  const works = procedure.category === 'works';
  if (procedure.level === 'federal' || procedure.federalFunds) {
    return {
      jurisdiction: 'federal',
      law: works ? LOPSRM : LAASSP,
      reason: procedure.level === 'federal' ? 'federal_organisation' : 'federal_funds',
      stateCode: null,
      verified: true,
    };
  }
  // A state or municipal buyer whose state is unknown (an imported record): its state's law, unnamed.
  const entry =
    procedure.stateCode && Object.hasOwn(states, procedure.stateCode) ? states[procedure.stateCode] : undefined;
  const law = entry ? (works ? entry.works : entry.goods) : null;
  return {
    jurisdiction: 'state',
    law,
    reason: law ? 'state_law' : 'state_law_not_configured',
    stateCode: procedure.stateCode,
    verified: entry?.verified === true && law !== null,
  };
}
