import { invalid } from '@licita/shared';
import states from './inegi-states.json';

/**
 * The 32 entidades federativas with their INEGI keys (Marco Geoestadístico: `01` Aguascalientes … `32`
 * Zacatecas), kept as data in inegi-states.json.
 */
export const INEGI_STATES: ReadonlyArray<{ code: string; name: string }> = states;
export const INEGI_STATE_CODES: readonly string[] = states.map((state) => state.code);

/** Where a buying unit is: its state's INEGI key and, optionally, the municipality's 3-digit key within it. */
export type BuyingUnitLocation = { stateCode: string; municipalityCode: string | null };

/** A municipality's INEGI key within its state: three digits (`039` Guadalajara in Jalisco `14`). */
export const MUNICIPALITY_CODE = /^\d{3}$/;

/** A location's keys checked (422 `buying_unit.invalid_location`): a state of the catalogue, a 3-digit municipality. */
export function checkLocation(location: { stateCode?: unknown; municipalityCode?: unknown }): BuyingUnitLocation {
  const { stateCode, municipalityCode } = location;
  if (typeof stateCode !== 'string' || !INEGI_STATE_CODES.includes(stateCode))
    throw invalid('buying_unit.invalid_location', 'stateCode is an INEGI state key, 01 to 32', {
      field: 'stateCode',
    });
  if (municipalityCode !== undefined && municipalityCode !== null) {
    if (typeof municipalityCode !== 'string' || !MUNICIPALITY_CODE.test(municipalityCode) || municipalityCode === '000')
      throw invalid('buying_unit.invalid_location', 'municipalityCode is the 3-digit INEGI key within the state', {
        field: 'municipalityCode',
      });
    return { stateCode, municipalityCode };
  }
  return { stateCode, municipalityCode: null };
}
