import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import type { BuyingUnitRegistered } from '../domain/buying-unit.events';
import { searchText } from '@licita/shared';

/** `buying_units`: one row per registered unit (the code reservations are left out by event type). */
@ProjectionProvider()
export class BuyingUnitsProjection implements Projection {
  readonly name = 'buying-units';
  readonly version = 1;
  readonly filter: EventFilter = { eventTypePrefixes: ['BuyingUnitRegistered'], streamPrefixes: ['buying-unit-'] };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    const rows = events.filter((event) => event.type === 'BuyingUnitRegistered');
    if (rows.length === 0) return;
    const data = rows.map((event) => event.data as BuyingUnitRegistered['data']);
    await tx.query(
      `INSERT INTO buying_units (buying_unit_id, code, name, level, parent_institution, search_text, registered_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
       ON CONFLICT (buying_unit_id) DO NOTHING`,
      [
        data.map((unit) => unit.buyingUnitId),
        data.map((unit) => unit.code),
        data.map((unit) => unit.name),
        data.map((unit) => unit.level),
        data.map((unit) => unit.parentInstitution),
        data.map((unit) => searchText(unit.code, unit.name, unit.parentInstitution)),
        rows.map((event) => event.metadata.occurredAt),
      ],
    );
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE buying_units');
  }
}
