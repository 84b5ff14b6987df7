import type { GovernmentLevel } from './buying-unit.commands';

/**
 * What the application knows of an organisation already registered (a parent, or a unit's organisation), passed
 * into the deciders so that they stay pure.
 */
export type OrganisationSummary = {
  organisationId: string;
  level: GovernmentLevel;
  name: string;
  /** INEGI state key of a state or municipal organisation; `null` for a federal one. */
  stateCode: string | null;
  /** The 3-digit municipality key within `stateCode`, for a municipal organisation only. */
  municipalityCode: string | null;
};

/**
 * A registrar (or, inside its state, a state administrator) registers a node of the government tree:
 * - `federal`: an APF dependencia or entidad, optionally under another federal one (a desconcentrado under its
 *   secretaría); no INEGI keys;
 * - `state`: a state government (GE), its INEGI key `01`–`32`, at the root;
 * - `municipal`: a municipality (GM), its 5-digit INEGI key (state + 3 digits, `14039` Guadalajara), under its
 *   state's organisation. The name is stored as given: there is no municipality catalogue to check it against.
 */
export type RegisterOrganisation = {
  type: 'RegisterOrganisation';
  organisationId: string;
  level: GovernmentLevel;
  name: string;
  stateCode?: string | null;
  municipalityCode?: string | null;
  parentId?: string | null;
  /** The parent as loaded by the application (`null`: named but not found). */
  parent?: OrganisationSummary | null;
  reason: string;
};

export type OrganisationCommand = RegisterOrganisation;
