import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import { deleteScheduledCommandsOf, scheduleCommand } from '@licita/scheduling';

export const ISSUE_ACT = 'IssueAct';

/** The acts a job issues; `tenderId` for the opening and the ruling, `auctionId` for an auction's result. */
export type ActJobPayload =
  | { act: 'opening' | 'ruling'; tenderId: string; position: string }
  | { act: 'auction_result'; auctionId: string; tenderId: string; position: string };

const RULING_EVENTS = ['LotAwarded', 'LotDeserted', 'TenderDeserted', 'AwardRevised'];
const HANDLED = ['ProposalsOpened', ...RULING_EVENTS, 'AuctionClosed'];

/**
 * The acts' process manager (libs/scheduling's rule): derives from the log one `IssueAct` job per event that makes
 * or changes an act, which the durable scheduler runs once (IssueActJob → IssueAct on the CommandBus):
 * - `ProposalsOpened`: the opening act (`act:opening:<tender>:<position>`);
 * - each award or desertion (`LotAwarded`, `LotDeserted`, `TenderDeserted`, `AwardRevised`): the ruling, issued
 *   once every lot is decided (the job finds nothing to issue before), and the opening act again: a lot awarded
 *   after its reverse auction makes its offers public, so the act shows them (a new version, other bytes: a new
 *   document; the same bytes as an issued version name that document and append nothing);
 * - `AuctionClosed`: the auction's result.
 * The job's key names the event (its position), so a replay schedules the same jobs again (those done stay done)
 * and the command itself is idempotent (the document's id is derived from the act, its position and its bytes).
 */
@ProjectionProvider()
export class ActIssuanceSchedule implements Projection {
  readonly name = 'act-issuance';
  readonly version = 1;
  readonly filter: EventFilter = { eventTypePrefixes: HANDLED, streamPrefixes: ['tender-', 'auction-'] };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    for (const event of events) {
      const position = event.globalPosition.toString();
      const tenderId = (event.data as { tenderId?: unknown }).tenderId;
      if (typeof tenderId !== 'string') continue;
      const dueAt = event.metadata.occurredAt ?? event.recordedAt.toISOString();
      const issue = (key: string, payload: ActJobPayload) =>
        scheduleCommand(tx, this.name, { key, kind: ISSUE_ACT, target: `tender-${tenderId}`, payload, dueAt });
      if (event.type === 'ProposalsOpened')
        await issue(`act:opening:${tenderId}:${position}`, { act: 'opening', tenderId, position });
      else if (RULING_EVENTS.includes(event.type)) {
        await issue(`act:ruling:${tenderId}:${position}`, { act: 'ruling', tenderId, position });
        await issue(`act:opening:${tenderId}:${position}`, { act: 'opening', tenderId, position });
      } else if (event.type === 'AuctionClosed') {
        const auctionId = (event.data as { auctionId?: unknown }).auctionId;
        if (typeof auctionId !== 'string') continue;
        await issue(`act:auction_result:${auctionId}:${position}`, {
          act: 'auction_result',
          auctionId,
          tenderId,
          position,
        });
      }
    }
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await deleteScheduledCommandsOf(tx, this.name);
  }
}
