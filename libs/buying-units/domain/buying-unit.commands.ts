export type GovernmentLevel = 'federal' | 'state' | 'municipal';
export const GOVERNMENT_LEVELS: readonly GovernmentLevel[] = ['federal', 'state', 'municipal'];

/** A registrar registers an agency that runs procedures (a unidad compradora). */
export type RegisterBuyingUnit = {
  type: 'RegisterBuyingUnit';
  buyingUnitId: string;
  /** Unique across the platform, e.g. CompraNet's "006000998"; upper-cased. */
  code: string;
  name: string;
  level: GovernmentLevel;
  /** The institution it belongs to, e.g. "Secretaría de Salud". */
  parentInstitution: string;
  /** Optional: the state's INEGI key and the municipality's 3-digit key within it. */
  location?: { stateCode: string; municipalityCode?: string | null };
};

/** A registrar says where an existing unit is (a unit registered before locations, or a correction). */
export type SetBuyingUnitLocation = {
  type: 'SetBuyingUnitLocation';
  buyingUnitId: string;
  location: { stateCode: string; municipalityCode?: string | null };
};

export type BuyingUnitCommand = RegisterBuyingUnit | SetBuyingUnitLocation;
