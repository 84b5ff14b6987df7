import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { insertUnnested, ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import type {
  BuyingUnitLocationSet,
  BuyingUnitOrganisationAssigned,
  BuyingUnitRegistered,
} from '../domain/buying-unit.events';
import type { OrganisationRegistered } from '../domain/organisation.events';
import { searchText } from '@licita/shared';

/**
 * `buying_units`: one row per registered unit, with its place (INEGI state and municipality keys) once known and
 * its organisation; `organisations`: one row per node of the government tree (the code and INEGI key
 * reservations are left out by event type).
 */
@ProjectionProvider()
export class BuyingUnitsProjection implements Projection {
  readonly name = 'buying-units';
  /** 2: the unit's location (state and municipality). 3: the government tree (organisations, a unit's organisation). */
  readonly version = 3;
  readonly filter: EventFilter = {
    eventTypePrefixes: [...HANDLED],
    streamPrefixes: ['buying-unit-', 'organisation-'],
  };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    // In log order: a batch may hold a registration and a location of the same unit.
    for (const run of runsOfType(events)) {
      if (run[0].type === 'BuyingUnitRegistered') await register(tx, run);
      else if (run[0].type === 'BuyingUnitLocationSet') await locate(tx, run);
      else if (run[0].type === 'OrganisationRegistered') await registerOrganisations(tx, run);
      else await assign(tx, run);
    }
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE buying_units, organisations');
  }
}

async function register(tx: ProjectionTransaction, events: RecordedEvent[]): Promise<void> {
  const rows = events.map(({ data, metadata }) => {
    const unit = data as BuyingUnitRegistered['data'];
    return {
      buying_unit_id: unit.buyingUnitId,
      code: unit.code,
      name: unit.name,
      level: unit.level,
      parent_institution: unit.parentInstitution,
      search_text: searchText(unit.code, unit.name, unit.parentInstitution),
      registered_at: metadata.occurredAt,
      state_code: unit.location?.stateCode ?? null,
      municipality_code: unit.location?.municipalityCode ?? null,
      organisation_id: unit.organisationId ?? null,
    };
  });
  await insertUnnested(tx, 'buying_units', rows, {
    types: { registered_at: 'timestamptz', state_code: 'text', municipality_code: 'text', organisation_id: 'text' },
    onConflict: 'ON CONFLICT (buying_unit_id) DO NOTHING',
  });
}

async function locate(tx: ProjectionTransaction, events: RecordedEvent[]): Promise<void> {
  for (const { data } of events) {
    const { buyingUnitId, location } = data as BuyingUnitLocationSet['data'];
    await tx.query('UPDATE buying_units SET state_code = $2, municipality_code = $3 WHERE buying_unit_id = $1', [
      buyingUnitId,
      location.stateCode,
      location.municipalityCode,
    ]);
  }
}

async function registerOrganisations(tx: ProjectionTransaction, events: RecordedEvent[]): Promise<void> {
  const rows = events.map(({ data, metadata }) => {
    const node = data as OrganisationRegistered['data'];
    return {
      organisation_id: node.organisationId,
      level: node.level,
      name: node.name,
      state_code: node.stateCode,
      municipality_code: node.municipalityCode,
      parent_id: node.parentId,
      reason: node.reason,
      registered_at: metadata.occurredAt,
    };
  });
  await insertUnnested(tx, 'organisations', rows, {
    types: { registered_at: 'timestamptz', state_code: 'text', municipality_code: 'text', parent_id: 'text' },
    onConflict: 'ON CONFLICT (organisation_id) DO NOTHING',
  });
}

async function assign(tx: ProjectionTransaction, events: RecordedEvent[]): Promise<void> {
  for (const { data } of events) {
    const { buyingUnitId, organisationId, level, location } = data as BuyingUnitOrganisationAssigned['data'];
    await tx.query(
      `UPDATE buying_units SET organisation_id = $2, level = $3,
         state_code = coalesce($4, state_code), municipality_code = CASE WHEN $4::text IS NULL THEN municipality_code ELSE $5 END
       WHERE buying_unit_id = $1`,
      [buyingUnitId, organisationId, level, location?.stateCode ?? null, location?.municipalityCode ?? null],
    );
  }
}

const HANDLED = [
  'BuyingUnitRegistered',
  'BuyingUnitLocationSet',
  'OrganisationRegistered',
  'BuyingUnitOrganisationAssigned',
] as const;

/** The events split where their type changes, order kept. */
function runsOfType(events: RecordedEvent[]): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [];
  for (const event of events) {
    const last = runs[runs.length - 1];
    if (last && last[0].type === event.type) last.push(event);
    else if ((HANDLED as readonly string[]).includes(event.type)) runs.push([event]);
  }
  return runs;
}
