import type { EventStore, RecordedEvent } from '@licita/event-store';
import { accountDecider, type AccountState } from '../domain/account.decider';
import type { AccountEvent } from '../domain/account.events';
import { accountStream } from '../domain/account.events';

type Waiting = { resolve: (state: AccountState) => void; reject: (error: unknown) => void };

/**
 * The account streams read for session checks, several in one read: the checks asked in the same tick (a live
 * auction's gateway begins the checks of every socket that sent a message in one turn of the event loop) share
 * one `readStreams` statement instead of one query each (#23). Each read still begins after it was asked for, so
 * an answer is never older than the request. Without `readStreams` the store is read stream by stream.
 */
export class AccountSessionReads {
  private waiting = new Map<string, Waiting[]>();

  constructor(private readonly store: EventStore) {}

  load(accountId: string): Promise<AccountState> {
    return new Promise<AccountState>((resolve, reject) => {
      if (this.waiting.size === 0) process.nextTick(() => void this.readWaiting());
      const same = this.waiting.get(accountId);
      if (same) same.push({ resolve, reject });
      else this.waiting.set(accountId, [{ resolve, reject }]);
    });
  }

  private async readWaiting(): Promise<void> {
    const waiting = this.waiting;
    this.waiting = new Map();
    const accountIds = [...waiting.keys()];
    try {
      const streams = await this.read(accountIds.map(accountStream));
      for (const accountId of accountIds) {
        const state = fold(streams.get(accountStream(accountId)) ?? []);
        for (const { resolve } of waiting.get(accountId)!) resolve(state);
      }
    } catch (error) {
      for (const each of waiting.values()) for (const { reject } of each) reject(error);
    }
  }

  private async read(streamIds: string[]): Promise<Map<string, RecordedEvent[]>> {
    if (this.store.readStreams && streamIds.length > 1) return this.store.readStreams(streamIds);
    const read = await Promise.all(streamIds.map((id) => this.store.readStream(id)));
    return new Map(streamIds.map((id, i) => [id, read[i]]));
  }
}

/** The adapters upcast on read: what comes back is in the current shape of the account's events. */
const fold = (recorded: RecordedEvent[]): AccountState =>
  recorded.reduce(
    (state, event) => accountDecider.evolve(state, { type: event.type, data: event.data } as AccountEvent),
    accountDecider.initialState(),
  );
