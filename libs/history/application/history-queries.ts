import type { EventStore } from '@licita/event-store';
import type { HistoricalPartyRecorded, HistoricalPartyReviewed } from '../domain/history.events';

/** A party an import met, as the registrar's review list shows it. */
export type HistoricalPartyView = HistoricalPartyRecorded['data'] & {
  status: 'pending' | 'reviewed';
  review: HistoricalPartyReviewed['data'] | null;
};

/**
 * The parties imports met, folded from their events (pending until a registrar reviews them), by role and name.
 * Read from the log rather than a read model: the list is staff-only and as long as the registers.
 */
export async function historicalParties(
  store: EventStore,
  status: 'pending' | 'reviewed' | 'all',
): Promise<HistoricalPartyView[]> {
  const parties = new Map<string, HistoricalPartyView>();
  let fromPosition: bigint | undefined;
  for (;;) {
    const page = await store.readAll({
      fromPosition,
      maxCount: 5_000,
      filter: { streamPrefixes: ['historical-party-'], eventTypePrefixes: ['HistoricalParty'] },
    });
    for (const event of page) {
      if (event.type === 'HistoricalPartyRecorded') {
        const data = event.data as unknown as HistoricalPartyRecorded['data'];
        parties.set(data.partyId, { ...data, status: 'pending', review: null });
      } else if (event.type === 'HistoricalPartyReviewed') {
        const data = event.data as unknown as HistoricalPartyReviewed['data'];
        const party = parties.get(data.partyId);
        if (party) parties.set(data.partyId, { ...party, status: 'reviewed', review: data });
      }
    }
    if (page.length < 5_000) break;
    fromPosition = page[page.length - 1].globalPosition;
  }
  return [...parties.values()]
    .filter((p) => status === 'all' || p.status === status)
    .sort((a, b) => a.role.localeCompare(b.role) || a.name.localeCompare(b.name, 'es'));
}
