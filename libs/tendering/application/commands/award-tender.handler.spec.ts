import type { QueryBus } from '@nestjs/cqrs';
import type { ClassifierLookup } from '@licita/classifier';
import {
  CommandExecutor,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
} from '@licita/event-store';
import type { Principal } from '@licita/identity';
import type { SupplierRegistry } from '@licita/suppliers';
import type { AuctionResult } from '../../domain/tender.commands';
import type { TenderEvent } from '../../domain/tender.events';
import {
  anEvaluatedTender,
  aProposal,
  BUYING_UNIT_ID,
  laptopsAt,
  standing,
  SUPPLIER,
  T,
  TENDER_ID,
} from '../../domain/tender.scenarios';
import { AuctionResultsOfTender } from '../queries/auction-results-of-tender.query';
import { TenderWriter } from '../tender-writer';
import { AwardTender, AwardTenderHandler } from './award-tender.handler';

/** One stream in memory: what the executor needs to load it and append with the expected revision. */
class OneStream implements Pick<EventStore, 'readStream' | 'appendToStream'> {
  readonly appended: EventToAppend[][] = [];
  private recorded: RecordedEvent[];

  constructor(history: TenderEvent[]) {
    this.recorded = history.map((event, i) => this.record(event.type, event.data as RecordedEvent['data'], i));
  }

  readStream(): Promise<RecordedEvent[]> {
    return Promise.resolve(this.recorded);
  }

  appendToStream(_streamId: string, events: EventToAppend[]): Promise<AppendResult> {
    this.appended.push(events);
    const base = this.recorded.length;
    this.recorded = [...this.recorded, ...events.map((e, i) => this.record(e.type, e.data, base + i))];
    return Promise.resolve({ nextExpectedRevision: BigInt(this.recorded.length - 1), position: 1000n });
  }

  private record(type: string, data: RecordedEvent['data'], revision: number): RecordedEvent {
    const metadata = { actor: 'account-test', correlationId: 'c', occurredAt: T.created };
    const streamId = `tender-${TENDER_ID}`;
    const at = { streamRevision: BigInt(revision), globalPosition: BigInt(revision + 1), recordedAt: new Date() };
    return { id: `e-${revision}`, type, streamId, data, metadata, ...at };
  }
}

const buyer: Principal = {
  kind: 'account',
  accountId: 'account-buyer',
  role: 'buyer',
  buyingUnitId: BUYING_UNIT_ID,
};
const context = { actor: 'account-buyer', correlationId: 'c-1', now: new Date(T.awarded) };
const A = aProposal(SUPPLIER.A, laptopsAt(2_400_000));
const B = aProposal(SUPPLIER.B, laptopsAt(2_300_000));

function handlerOn(history: TenderEvent[], auctionResults: AuctionResult[]) {
  const store = new OneStream(history);
  const executor = new CommandExecutor(store as Partial<EventStore> as EventStore);
  const tenders = new TenderWriter(executor, {} as SupplierRegistry, {} as ClassifierLookup);
  jest.spyOn(tenders, 'standingOf').mockImplementation((supplierId) => Promise.resolve(standing(supplierId)));
  const execute = jest.fn(() => Promise.resolve(auctionResults));
  const queries = { execute } as Partial<QueryBus> as QueryBus;
  return { handler: new AwardTenderHandler(tenders, queries), store, execute };
}

const award = () => new AwardTender({ tenderId: TENDER_ID }, buyer, context);

describe('AwardTenderHandler', () => {
  it('asks the auctions context for the results of a lot that went to auction, and awards its winner', async () => {
    const results = [
      {
        lotId: 'lot-1',
        auctionId: 'auction-1',
        ranking: [
          { supplierId: SUPPLIER.A, amount: 22_000_000 },
          { supplierId: SUPPLIER.B, amount: 22_500_000 },
        ],
      },
    ];
    const { handler, store, execute } = handlerOn(anEvaluatedTender([A, B], { reverseAuction: true }), results);
    const outcome = await handler.execute(award());
    expect(execute).toHaveBeenCalledWith(new AuctionResultsOfTender(TENDER_ID, ['lot-1']));
    expect(outcome.events.map((e) => e.type)).toEqual(['AuctionResultRecorded', 'LotAwarded']);
    expect(outcome.state.lots['lot-1'].award).toMatchObject({ supplierId: SUPPLIER.A, basis: 'auction' });
    expect(outcome.position).toBe(1000n);
    expect(store.appended).toHaveLength(1);
  });

  it('does not ask for auction results when no lot went to auction', async () => {
    const { handler, execute } = handlerOn(anEvaluatedTender([A, B]), []);
    const outcome = await handler.execute(award());
    expect(execute).not.toHaveBeenCalled();
    expect(outcome.state.lots['lot-1'].award).toMatchObject({ supplierId: SUPPLIER.B, basis: 'evaluation' });
  });

  it('refuses the award while the auction of a lot has not closed, writing nothing', async () => {
    const { handler, store } = handlerOn(anEvaluatedTender([A, B], { reverseAuction: true }), []);
    await expect(handler.execute(award())).rejects.toMatchObject({ code: 'award.auction_result_required' });
    expect(store.appended).toHaveLength(0);
  });
});
