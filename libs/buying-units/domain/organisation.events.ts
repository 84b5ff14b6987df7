import type { GovernmentLevel } from './buying-unit.commands';

export const organisationStream = (organisationId: string) => `organisation-${organisationId}`;

/** A node of the government tree; who and when are the event's metadata, why is `reason`. */
export type OrganisationRegistered = {
  type: 'OrganisationRegistered';
  data: {
    organisationId: string;
    level: GovernmentLevel;
    name: string;
    stateCode: string | null;
    municipalityCode: string | null;
    parentId: string | null;
    reason: string;
  };
};

export type OrganisationEvent = OrganisationRegistered;
