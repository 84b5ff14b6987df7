import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { insertUnnested, ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import type { BuyingUnitRegistered } from '../domain/buying-unit.events';
import { searchText } from '@licita/shared';

/** `buying_units`: one row per registered unit (the code reservations are left out by event type). */
@ProjectionProvider()
export class BuyingUnitsProjection implements Projection {
  readonly name = 'buying-units';
  readonly version = 1;
  readonly filter: EventFilter = { eventTypePrefixes: ['BuyingUnitRegistered'], streamPrefixes: ['buying-unit-'] };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    const rows = events
      .filter((event) => event.type === 'BuyingUnitRegistered')
      .map(({ data, metadata }) => {
        const unit = data as BuyingUnitRegistered['data'];
        return {
          buying_unit_id: unit.buyingUnitId,
          code: unit.code,
          name: unit.name,
          level: unit.level,
          parent_institution: unit.parentInstitution,
          search_text: searchText(unit.code, unit.name, unit.parentInstitution),
          registered_at: metadata.occurredAt,
        };
      });
    await insertUnnested(tx, 'buying_units', rows, {
      types: { registered_at: 'timestamptz' },
      onConflict: 'ON CONFLICT (buying_unit_id) DO NOTHING',
    });
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE buying_units');
  }
}
