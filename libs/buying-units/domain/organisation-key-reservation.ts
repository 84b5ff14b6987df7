import { conflict, reservation } from '@licita/shared';

/**
 * One state organisation per INEGI state key and one municipal organisation per municipality key, across streams:
 * the key's reservation stream `organisation-key-<key>` (`14`, `14039`), as buying-unit codes are kept unique.
 */
export const organisationKeyReservation = reservation({
  streamPrefix: 'organisation-key-',
  value: 'key',
  holder: 'organisationId',
  reserved: 'OrganisationKeyReserved',
  taken: (key: string) =>
    conflict('organisation.key_taken', `an organisation with INEGI key ${key} is already registered`, { key }),
});

/** The INEGI key an organisation reserves: the state's, or state + municipality; none for a federal one. */
export const organisationKey = (o: { stateCode: string | null; municipalityCode: string | null }): string | null =>
  o.stateCode ? `${o.stateCode}${o.municipalityCode ?? ''}` : null;
