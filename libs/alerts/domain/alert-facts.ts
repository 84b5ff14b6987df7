import { followKey, type FollowTarget } from './alert.events';

/** What an alert says happened; sealed content never appears (an opening names no price, a question no asker). */
export type AlertKind =
  | 'published'
  | 'amended'
  | 'answered'
  | 'opened'
  | 'awarded'
  | 'ruling'
  | 'contracted'
  | 'auction_reminder'
  | 'confirm';

/** An alerting event as the process manager reads it from the log. */
export type LoggedEvent = { id: string; type: string; streamId: string; data: Record<string, unknown> };

/**
 * The facts an alerting event gives: its kind, its procedure, the follows it concerns (`procedure:<id>`,
 * `supplier:<id>`; the procedure's buying unit is added by the process manager, which reads it from the public
 * record), whether saved searches are matched against the procedure, and what is worth saying about it.
 */
export type AlertFact = {
  kind: Exclude<AlertKind, 'auction_reminder' | 'confirm'>;
  tenderId: string;
  follows: string[];
  matchSearches: boolean;
  details: Record<string, unknown>;
};

const procedure = (tenderId: string): FollowTarget => ({ kind: 'procedure', id: tenderId });
const supplier = (supplierId: string): FollowTarget => ({ kind: 'supplier', id: supplierId });

export const ALERTING_TENDER_EVENTS = [
  'TenderPublished',
  'TenderAmended',
  'QuestionAnswered',
  'ClarificationMinutesPublished',
  'ProposalsOpened',
  'LotAwarded',
  'AwardRevised',
  'ChallengeResolved',
  'LotContracted',
] as const;

/** The fact of an alerting tender event, or null for every other event. Pure. */
export function alertFactOf(event: LoggedEvent): AlertFact | null {
  const data = event.data;
  const tenderId = typeof data.tenderId === 'string' ? data.tenderId : null;
  if (tenderId === null || !event.streamId.startsWith('tender-')) return null;
  const on = (kind: AlertFact['kind'], details: Record<string, unknown>, others: FollowTarget[] = []): AlertFact => ({
    kind,
    tenderId,
    follows: [procedure(tenderId), ...others].map(followKey),
    matchSearches: kind === 'published',
    details,
  });
  switch (event.type) {
    case 'TenderPublished':
      return on('published', { publishedAt: data.publishedAt });
    case 'TenderAmended':
      return on('amended', { reason: data.reason, changes: data.changes ?? [] });
    case 'QuestionAnswered':
      // The answer is public; the question's asker is not, and is not copied.
      return on('answered', { answer: data.answer });
    case 'ClarificationMinutesPublished':
      return on('answered', { summary: data.summary });
    case 'ProposalsOpened':
      return on('opened', {});
    case 'LotAwarded':
    case 'AwardRevised':
      return on('awarded', { lotId: data.lotId, supplierId: data.supplierId, amount: data.amount }, [
        supplier(String(data.supplierId)),
      ]);
    case 'ChallengeResolved':
      return on('ruling', { lotId: data.lotId, upheld: data.upheld, reason: data.reason });
    case 'LotContracted':
      return on('contracted', { lotId: data.lotId, supplierId: data.supplierId, amount: data.amount }, [
        supplier(String(data.supplierId)),
      ]);
    default:
      return null;
  }
}

export const REMINDER_LEADS = [
  { lead: '24h', ms: 24 * 3_600_000 },
  { lead: '1h', ms: 3_600_000 },
] as const;

/** The reminders of a scheduled auction: one per lead time, due that long before its start, for its participants. */
export function auctionReminders(event: LoggedEvent): Array<{
  key: string;
  dueAt: string;
  lead: string;
  tenderId: string;
  startsAt: string;
  supplierIds: string[];
}> {
  if (event.type !== 'AuctionScheduled' || !event.streamId.startsWith('auction-')) return [];
  const { startsAt, tenderId, participants } = event.data as {
    startsAt: string;
    tenderId: string;
    participants?: Array<{ bidderId: string }>;
  };
  const supplierIds = (participants ?? []).map((participant) => participant.bidderId);
  return REMINDER_LEADS.map(({ lead, ms }) => ({
    key: `${event.id}:${lead}`,
    dueAt: new Date(Date.parse(startsAt) - ms).toISOString(),
    lead,
    tenderId,
    startsAt,
    supplierIds,
  }));
}
