import { badRequest } from './bad-request';

export const GOVERNMENT_LEVELS = ['federal', 'state', 'municipal'] as const;
export type GovernmentLevel = (typeof GOVERNMENT_LEVELS)[number];

/**
 * Where in the government tree a read looks: the buying unit's level (federal, state, municipal), its state's
 * INEGI key (`14`) and, within it, the municipality's 3 digits (`039`). The search, the statistics and the red
 * flags share it.
 */
export type GovernmentPlace = { level?: GovernmentLevel; stateCode?: string; municipalityCode?: string };

export const hasPlace = (place: GovernmentPlace) =>
  place.level !== undefined || place.stateCode !== undefined || place.municipalityCode !== undefined;

/**
 * The condition "the procedure's unit is at that place" on `column` (a buying unit id), reading the register's
 * units (`buying_units`: level and INEGI keys) and, for a level alone, the units of imported records
 * (`transparency_historical_units.level`, from CompraNet's GOBIERNO); `null` without a place. 400 for a
 * municipality without its state.
 */
export function placeCondition(
  column: string,
  place: GovernmentPlace,
  param: (value: unknown) => string,
): string | null {
  if (place.municipalityCode && !place.stateCode) {
    throw badRequest('transparency.municipality_without_state', 'municipalityCode is a key within stateCode', {
      municipalityCode: place.municipalityCode,
    });
  }
  if (!hasPlace(place)) return null;
  const where = [
    place.level ? `bu.level = ${param(place.level)}` : null,
    place.stateCode ? `bu.state_code = ${param(place.stateCode)}` : null,
    place.municipalityCode ? `bu.municipality_code = ${param(place.municipalityCode)}` : null,
  ].filter(Boolean);
  const registered = `SELECT bu.buying_unit_id FROM buying_units bu WHERE ${where.join(' AND ')}`;
  // Units known only from imported records carry the level CompraNet states (GOBIERNO), never a place.
  const imported =
    place.level && !place.stateCode
      ? ` UNION ALL SELECT hu.party_id FROM transparency_historical_units hu WHERE hu.level = ${param(place.level)}`
      : '';
  return `${column} IN (${registered}${imported})`;
}
