import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * What the ledger publishes of an event, and so what its leaf hash covers: the event's identity and place in
 * the log, plus the fields the public may read. Whatever it leaves out (a password hash, a sealed proposal, who
 * asked a question, a draft before its publication) is covered by `withheld`, a SHA-256 commitment, so a change
 * to a hidden field still changes the leaf while nobody needs the hidden content to verify the log.
 *
 * Fixed at sealing: a leaf can never change, so a field that is secret at any moment of the event's life is
 * withheld for good. Tender drafts are the one case where the hidden part becomes public later: once the
 * tender is published the export adds `revealed` (the committed object itself), checkable against `withheld`.
 */
export type PublicEvent = {
  /** Global position, decimal. */
  position: string;
  id: string;
  type: string;
  /** `null` when the stream's name itself is private (it holds an email address, an RFC). */
  stream: string | null;
  /** Revision in its stream, decimal. */
  revision: string;
  /** ISO 8601, UTC, milliseconds. */
  recordedAt: string;
  /** The public fields of `data`; `null` when none is public. */
  data: Record<string, unknown> | null;
  /** `occurredAt`, and `actor`, `correlationId`, `causationId`, `reason` when who acted is public. */
  metadata: Record<string, unknown>;
  /** Present iff something is left out: lowercase hex SHA-256 of canonicalJson(committedPart(event)). */
  withheld?: string;
};

/** The event as the log holds it (the event-store port's RecordedEvent fits). */
export type LoggedEvent = {
  id: string;
  type: string;
  streamId: string;
  streamRevision: bigint;
  globalPosition: bigint;
  recordedAt: Date;
  data: object;
  metadata: object;
};

/** What `withheld` commits to (and what `revealed` discloses): the stream name, the whole data and metadata. */
export type CommittedPart = { stream: string; data: Record<string, unknown>; metadata: Record<string, unknown> };

type Disclosure = {
  /** The `data` fields shown: all, or these. */
  data: 'all' | readonly string[];
  /** Whether who acted (actor, correlation and causation ids, reason) is shown. */
  who: boolean;
  stream: boolean;
  /** The withheld part becomes public once the stream holds an event of this type. */
  revealedBy?: string;
  /** The public data when it is less than a pick of fields (`null`: this event shows its `data` fields). */
  shape?: (data: Record<string, unknown>) => Record<string, unknown> | null;
};

const PUBLIC: Disclosure = { data: 'all', who: true, stream: true };
const PRIVATE: Disclosure = { data: [], who: false, stream: false };
const only = (...fields: string[]): Disclosure => ({ data: fields, who: true, stream: true });
const anonymous = (...fields: string[]): Disclosure => ({ data: fields, who: false, stream: true });
const publicTypes = (...types: string[]) => Object.fromEntries(types.map((type) => [type, PUBLIC]));

/**
 * The one table of what is public, by event type. A type not listed is PRIVATE (nothing but its identity,
 * place and time): a context adding an event makes it public here, after deciding which fields may be.
 * Sources: libs/tendering/projections/tender-view.ts (no askers; no bidder, lot or amount before the opening
 * act; drafts only for their unit), libs/suppliers/application/supplier-queries.ts (applications, contacts
 * and reasons are the staff's), libs/auctions/README.md (bidders anonymous during the auction),
 * libs/identity (account streams hold password hashes; `account-email-<email>` names an address).
 */
const DISCLOSURES: Record<string, Disclosure> = {
  // tender-<id>
  TenderCreated: { ...only('tenderId'), revealedBy: 'TenderPublished' },
  TenderDraftUpdated: { ...only('tenderId'), revealedBy: 'TenderPublished' },
  QuestionAsked: anonymous('tenderId', 'questionId', 'lotId', 'text', 'askedAt'),
  ProposalSubmitted: anonymous('tenderId', 'proposalId', 'commitment', 'submittedAt'),
  ProposalReplaced: anonymous('tenderId', 'proposalId', 'commitment', 'submittedAt'),
  ProposalWithdrawn: anonymous('tenderId', 'proposalId', 'withdrawnAt'),
  // public, but without the offers while a tender's auctions are to come (see openingWithoutOffers)
  ProposalsOpened: { ...PUBLIC, shape: openingWithoutOffers, revealedBy: 'LotAwarded' },
  EvaluationCompleted: { ...PUBLIC, shape: evaluationWithoutAuctionRankings, revealedBy: 'LotAwarded' },
  ...publicTypes(
    'TenderPublished',
    'EnquiryPeriodEnded',
    'SubmissionPeriodEnded',
    'ProcedureNumberAssigned',
    'QuestionAnswered',
    'ClarificationMinutesPublished',
    'TenderAmended',
    'SubmissionDeadlineExtended',
    'ProposalEvaluated',
    'AuctionResultRecorded',
    'LotDeserted',
    'TenderDeserted',
    'LotAwarded',
    'AwardChallenged',
    'ChallengeResolved',
    'AwardRevised',
    'ObjectionPeriodEnded',
    'LotContracted',
    'UnitContractSigned',
    'UnitContractClosed',
    'TenderContracted',
    'LotContractClosed',
    'TenderCompleted',
    'TenderCancelled',
  ),
  // contract-<id>: published in full
  ...publicTypes('ContractSigned', 'ContractAmended', 'ContractCompleted', 'ContractTerminated'),
  // auction-<id>: who is behind a label stays secret until the close reveals the ranking with names
  AuctionScheduled: only(
    'auctionId',
    'sequence',
    'tenderId',
    'lotId',
    'currency',
    'startsAt',
    'endsAt',
    'minimumDecrement',
    'antiSniping',
    'abnormallyLowFloor',
  ),
  BidPlaced: anonymous('auctionId', 'sequence', 'label', 'amount', 'previousAmount', 'placedAt', 'abnormallyLow'),
  ...publicTypes('AuctionExtended', 'AuctionClosed'),
  // supplier-<id>: the register publishes verified suppliers from its own projection; applications are private
  SupplierRegistered: anonymous('supplierId'),
  SupplierDataChanged: anonymous('supplierId'),
  SupplierReverificationRequired: anonymous('supplierId'),
  SupplierRejected: only('supplierId'),
  SupplierSuspended: only('supplierId'),
  SupplierReinstated: only('supplierId'),
  ...publicTypes('SupplierVerified', 'SanctionImposed', 'SanctionLifted', 'SanctionExpired'),
  // buying-unit-<id>, buying-unit-code-<code>, classifier-<scheme>-<version>
  ...publicTypes(
    'BuyingUnitRegistered',
    'BuyingUnitCodeReserved',
    'ClassifierImportStarted',
    'ClassifierCodesAdded',
    'ClassifierImportCompleted',
  ),
  // rfq-<id> (libs/quotations): a quotation is anonymous and without contents until the opening reveals it
  QuotationSubmitted: anonymous('rfqId', 'quotationId', 'commitment', 'submittedAt'),
  ...publicTypes(
    'QuotationRequestPublished',
    'QuotationsOpened',
    'QuotationRequestDeserted',
    'QuotationMarkedNonCompliant',
    'PurchaseOrderIssued',
  ),
  // works-log-<contractId> (libs/works-log): every note, without who signed it (the view shows the party, not the
  // account); a private note without its contents (see worksLogNoteInPublic)
  WorksLogNoteWritten: {
    data: ['contractId', 'number', 'kind', 'party', 'writtenAt', 'refersTo', 'text', 'progress', 'attachments'],
    who: false,
    stream: true,
    shape: worksLogNoteInPublic,
  },
  // Not listed, so PRIVATE: account-<id> and account-email-<email> (AccountCreated, PasswordChanged, …),
  // supplier-rfc-<rfc> (SupplierRfcReserved, SupplierRfcReleased), and any type added later.
};

/**
 * Auction anonymity (libs/tendering/domain/auction-anonymity.ts): a `ProposalsOpened` or `EvaluationCompleted`
 * the tender marked `offersSealedUntilAuction` is published without its economic offers: the opening act keeps
 * who, which lots, when and the commitment; the evaluation keeps every lot but the price rankings of the lots
 * going to auction. The whole event is revealed (`revealed`) once the tender holds a `LotAwarded`, which the
 * tender only records after every auction of it has closed.
 */
const sealedUntilAuction = (data: Record<string, unknown>) => data.offersSealedUntilAuction === true;

function openingWithoutOffers(data: Record<string, unknown>): Record<string, unknown> | null {
  if (!sealedUntilAuction(data)) return null;
  const proposals = data.proposals as Array<Record<string, unknown>>;
  return {
    ...pick(data, ['tenderId', 'openedAt', 'offersSealedUntilAuction']),
    proposals: proposals.map((p) => pick(p, ['proposalId', 'supplierId', 'lotIds', 'commitment', 'submittedAt'])),
  };
}

function evaluationWithoutAuctionRankings(data: Record<string, unknown>): Record<string, unknown> | null {
  if (!sealedUntilAuction(data)) return null;
  const { blind: _secret, ...shown } = data; // what keeps the commitment from being brute-forced (evaluationBlind)
  const lots = data.lots as Array<Record<string, unknown>>;
  return { ...shown, lots: lots.map((lot) => (lot.goesToAuction === true ? { ...lot, ranking: [] } : lot)) };
}

/**
 * A works-log note as the public reads it (libs/works-log/domain/works-log.view.ts): the accounts are left out;
 * a note marked confidential keeps its number, kind, party, date, reference and legal reason, never its text,
 * progress or attachments. The note's own hash chain stays whole in `withheld`.
 */
function worksLogNoteInPublic(data: Record<string, unknown>): Record<string, unknown> | null {
  if (data.confidential === null || data.confidential === undefined) return null;
  return pick(data, ['contractId', 'number', 'kind', 'party', 'writtenAt', 'refersTo', 'confidential']);
}

const WHO = ['actor', 'correlationId', 'causationId', 'reason'];

export const disclosureOf = (type: string): Disclosure => DISCLOSURES[type] ?? PRIVATE;

/** The event type whose presence in the stream discloses this event's withheld part, if any. */
export const revealedBy = (type: string): string | undefined => disclosureOf(type).revealedBy;

export function committedPart(event: LoggedEvent): CommittedPart {
  return {
    stream: event.streamId,
    data: { ...(event.data as Record<string, unknown>) },
    metadata: { ...(event.metadata as Record<string, unknown>) },
  };
}

export function publicFormOf(event: LoggedEvent): PublicEvent {
  const rule = disclosureOf(event.type);
  const data = event.data as Record<string, unknown>;
  const metadata = event.metadata as Record<string, unknown>;
  const shaped = rule.shape?.(data) ?? null;
  const shownData = shaped ?? (rule.data === 'all' ? data : pick(data, rule.data));
  const shownMetadata = pick(metadata, rule.who ? ['occurredAt', ...WHO] : ['occurredAt']);
  const complete = shaped === null && rule.stream && sameKeys(shownData, data) && sameKeys(shownMetadata, metadata);
  return {
    position: event.globalPosition.toString(),
    id: event.id,
    type: event.type,
    stream: rule.stream ? event.streamId : null,
    revision: event.streamRevision.toString(),
    recordedAt: event.recordedAt.toISOString(),
    data: Object.keys(shownData).length > 0 || rule.data === 'all' ? shownData : null,
    metadata: shownMetadata,
    ...(complete ? {} : { withheld: commitmentOf(committedPart(event)) }),
  };
}

/** Lowercase hex SHA-256 of the canonical JSON (UTF-8) of the committed part. */
export const commitmentOf = (part: CommittedPart): string =>
  createHash('sha256').update(canonicalJson(part), 'utf8').digest('hex');

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

const sameKeys = (shown: Record<string, unknown>, full: Record<string, unknown>) =>
  Object.keys(full).filter((key) => full[key] !== undefined).length === Object.keys(shown).length;
