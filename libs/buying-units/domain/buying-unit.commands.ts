import type { OrganisationSummary } from './organisation.commands';

export type GovernmentLevel = 'federal' | 'state' | 'municipal';
export const GOVERNMENT_LEVELS: readonly GovernmentLevel[] = ['federal', 'state', 'municipal'];

/** A registrar registers an agency that runs procedures (a unidad compradora). */
export type RegisterBuyingUnit = {
  type: 'RegisterBuyingUnit';
  buyingUnitId: string;
  /** Unique across the platform, e.g. CompraNet's "006000998"; upper-cased. */
  code: string;
  name: string;
  /** Optional with an organisation (the organisation's level); when both are given they must agree. */
  level?: GovernmentLevel;
  /** The institution it belongs to, e.g. "Secretaría de Salud". */
  parentInstitution: string;
  /** Optional: the state's INEGI key and the municipality's 3-digit key within it (defaults to the organisation's). */
  location?: { stateCode: string; municipalityCode?: string | null };
  /** The node of the government tree it belongs to (optional: units registered before the tree have none). */
  organisationId?: string | null;
  /** That organisation as loaded by the application (`null`: named but not found). */
  organisation?: OrganisationSummary | null;
};

/** A registrar or the state's administrator places an existing unit in the tree (or moves it), saying why. */
export type AssignBuyingUnitOrganisation = {
  type: 'AssignBuyingUnitOrganisation';
  buyingUnitId: string;
  organisationId: string;
  organisation: OrganisationSummary | null;
  reason: string;
};

/** A registrar says where an existing unit is (a unit registered before locations, or a correction). */
export type SetBuyingUnitLocation = {
  type: 'SetBuyingUnitLocation';
  buyingUnitId: string;
  location: { stateCode: string; municipalityCode?: string | null };
};

export type BuyingUnitCommand = RegisterBuyingUnit | SetBuyingUnitLocation | AssignBuyingUnitOrganisation;
