import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import { completeScheduledCommand, deleteScheduledCommandsOf, scheduleCommand } from '@licita/scheduling';
import { quotationRequestStream, type QuotationEvent } from '../domain/quotation.events';

export const OPEN_QUOTATIONS = 'OpenQuotations';
export const quotationDeadlineKey = (rfqId: string) => `quotation-deadline:${rfqId}`;

const HANDLED = ['QuotationRequestPublished', 'QuotationsOpened', 'QuotationRequestDeserted'] as const;

/**
 * One durable job per request: at its deadline the scheduler sends `OpenQuotations` as `system`, which reveals the
 * quotations (or records the desertion). The opening or desertion completes the job; a rebuild derives it again.
 */
@ProjectionProvider()
export class QuotationDeadlineSchedule implements Projection {
  readonly name = 'quotation-deadlines';
  readonly version = 1;
  readonly filter: EventFilter = { eventTypePrefixes: [...HANDLED], streamPrefixes: ['rfq-'] };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as unknown as QuotationEvent;
      switch (event.type) {
        case 'QuotationRequestPublished':
          await scheduleCommand(tx, this.name, {
            key: quotationDeadlineKey(event.data.rfqId),
            kind: OPEN_QUOTATIONS,
            target: quotationRequestStream(event.data.rfqId),
            payload: { rfqId: event.data.rfqId },
            dueAt: event.data.deadline,
          });
          break;
        case 'QuotationsOpened':
          await completeScheduledCommand(tx, quotationDeadlineKey(event.data.rfqId), event.data.openedAt);
          break;
        case 'QuotationRequestDeserted':
          await completeScheduledCommand(tx, quotationDeadlineKey(event.data.rfqId), event.data.desertedAt);
          break;
      }
    }
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await deleteScheduledCommandsOf(tx, this.name);
  }
}
