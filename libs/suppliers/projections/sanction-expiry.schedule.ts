import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import {
  cancelScheduledCommand,
  completeScheduledCommand,
  deleteScheduledCommandsOf,
  scheduleCommand,
} from '@licita/scheduling';
import {
  supplierStream,
  type SanctionExpired,
  type SanctionImposed,
  type SanctionLifted,
} from '../domain/supplier.events';

export const LIFT_EXPIRED_SANCTIONS = 'LiftExpiredSanctions';

export const sanctionExpiryKey = (supplierId: string, sanctionId: string) =>
  `sanction-expiry:${supplierId}:${sanctionId}`;

type SanctionEvent = SanctionImposed | SanctionLifted | SanctionExpired;

/**
 * Derives the durable scheduler's jobs from the sanctions: a sanction with an end date gets a
 * `LiftExpiredSanctions` job at that date; lifting it early cancels the job, its recorded expiry completes
 * it. Being a projection, the jobs survive restarts and a rebuild derives them again from the log.
 */
@ProjectionProvider()
export class SanctionExpirySchedule implements Projection {
  readonly name = 'supplier-sanction-expiry';
  readonly version = 1;
  readonly filter: EventFilter = {
    eventTypePrefixes: ['SanctionImposed', 'SanctionLifted', 'SanctionExpired'],
    streamPrefixes: ['supplier-'],
  };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as SanctionEvent;
      const key = sanctionExpiryKey(event.data.supplierId, event.data.sanctionId);
      if (event.type === 'SanctionImposed' && event.data.endsAt !== null) {
        const { supplierId, sanctionId, endsAt } = event.data;
        await scheduleCommand(tx, this.name, {
          key,
          kind: LIFT_EXPIRED_SANCTIONS,
          target: supplierStream(supplierId),
          payload: { supplierId, sanctionId },
          dueAt: endsAt,
        });
      }
      if (event.type === 'SanctionLifted') await cancelScheduledCommand(tx, key);
      if (event.type === 'SanctionExpired') await completeScheduledCommand(tx, key, event.data.expiredAt);
    }
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await deleteScheduledCommandsOf(tx, this.name);
  }
}
