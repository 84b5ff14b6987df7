import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { insertUnnested, ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import type { BuyingUnitLocationSet, BuyingUnitRegistered } from '../domain/buying-unit.events';
import { searchText } from '@licita/shared';

/**
 * `buying_units`: one row per registered unit, with its place (INEGI state and municipality keys) once known
 * (the code reservations are left out by event type).
 */
@ProjectionProvider()
export class BuyingUnitsProjection implements Projection {
  readonly name = 'buying-units';
  /** 2: the unit's location (state and municipality). */
  readonly version = 2;
  readonly filter: EventFilter = {
    eventTypePrefixes: ['BuyingUnitRegistered', 'BuyingUnitLocationSet'],
    streamPrefixes: ['buying-unit-'],
  };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    // In log order: a batch may hold a registration and a location of the same unit.
    for (const run of runsOfType(events)) {
      if (run[0].type === 'BuyingUnitRegistered') await register(tx, run);
      else await locate(tx, run);
    }
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE buying_units');
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
    };
  });
  await insertUnnested(tx, 'buying_units', rows, {
    types: { registered_at: 'timestamptz', state_code: 'text', municipality_code: 'text' },
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

/** The events split where their type changes, order kept. */
function runsOfType(events: RecordedEvent[]): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [];
  for (const event of events) {
    const last = runs[runs.length - 1];
    if (last && last[0].type === event.type) last.push(event);
    else if (event.type === 'BuyingUnitRegistered' || event.type === 'BuyingUnitLocationSet') runs.push([event]);
  }
  return runs;
}
