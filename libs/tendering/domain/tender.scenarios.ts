/**
 * Scenario builders for tendering tests: valid defaults, and histories built by running the decider itself
 * (so a scenario can never hold events the decider would not produce).
 */
import { createHash } from 'node:crypto';
import { fold, type Decider } from '@licita/shared';
import { lineTotal } from '@licita/shared';
import { sealProposal } from './sealing';
import type {
  AwardTender,
  EvaluateProposal,
  OpenProposals,
  PublishTender,
  SubmitProposal,
  TenderCommand,
} from './tender.commands';
import { tenderDecider } from './tender.decider';
import type { TenderEvent } from './tender.events';
import type { TenderState } from './tender.state';
import type { ProposalContent, SupplierStanding, TenderContent, TenderContentInput, TenderLot } from './tender.types';

export const TENDER_ID = 'LA-2026-0001';
export const BUYING_UNIT_ID = 'uc-imss-001';
export const TENDER_KEY_ID = 'tender-key-LA-2026-0001';
/** The per-tender data key of every scenario (tests only). */
export const TENDER_KEY = Buffer.alloc(32, 0x42);

/** The default timeline (UTC; 10:00 in Mexico City is 16:00Z). A public national tender with 18 days to bid. */
export const T = {
  created: '2026-03-02T15:00:00.000Z',
  published: '2026-03-02T16:00:00.000Z',
  questionsDeadline: '2026-03-09T16:00:00.000Z',
  submissionDeadline: '2026-03-20T16:00:00.000Z',
  openingDate: '2026-03-20T17:00:00.000Z',
  awardDate: '2026-03-27T16:00:00.000Z',
  evaluated: '2026-03-23T16:00:00.000Z',
  awarded: '2026-03-25T16:00:00.000Z',
  /** awarded + 8 days, the default objection period. */
  objectionPeriodEnds: '2026-04-02T16:00:00.000Z',
  contracted: '2026-04-03T16:00:00.000Z',
} as const;

export const SUPPLIER = { A: 'sup-a', B: 'sup-b', C: 'sup-c', D: 'sup-d' } as const;

export const ms = (iso: string, delta: number) => new Date(Date.parse(iso) + delta).toISOString();
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** A schedule counted from `publishedAt`: questions for `questions` days, proposals until `submission` days, opening an hour later. */
export const scheduleFrom = (publishedAt: string, days = { questions: 7, submission: 18 }) => ({
  publicationDate: publishedAt,
  questionsDeadline: ms(publishedAt, days.questions * DAY),
  submissionDeadline: ms(publishedAt, days.submission * DAY),
  openingDate: ms(publishedAt, days.submission * DAY + HOUR),
  awardDate: ms(publishedAt, (days.submission + 7) * DAY),
});

/** A lot worth what its items add up to (quantity × estimated unit price), as the content rules require. */
const lotOf = ({ lotId, title, items }: Omit<TenderLot, 'estimatedValue'>): TenderLot => ({
  lotId,
  title,
  items,
  estimatedValue: {
    amount: items.reduce((sum, item) => sum + lineTotal(item.quantity, item.estimatedUnitPrice), 0),
    currency: 'MXN',
  },
});

export const laptopsLot = (overrides: Partial<TenderLot> = {}): TenderLot => ({
  ...lotOf({
    lotId: 'lot-1',
    title: 'Equipo de cómputo portátil',
    items: [
      {
        itemId: 'item-1',
        classifierCode: '30213100-6',
        description: 'Laptop 14", 16 GB RAM',
        quantity: 10,
        unit: 'pieza',
        estimatedUnitPrice: 2_500_000,
      },
      {
        itemId: 'item-2',
        classifierCode: '30237200-1',
        description: 'Base de acoplamiento USB-C',
        quantity: 10,
        unit: 'pieza',
        estimatedUnitPrice: 150_000,
      },
    ],
  }),
  ...overrides,
});

export const printersLot = (overrides: Partial<TenderLot> = {}): TenderLot => ({
  ...lotOf({
    lotId: 'lot-2',
    title: 'Impresoras láser',
    items: [
      {
        itemId: 'item-3',
        classifierCode: '30232110-8',
        description: 'Impresora láser monocromática',
        quantity: 4,
        unit: 'pieza',
        estimatedUnitPrice: 800_000,
      },
    ],
  }),
  ...overrides,
});

/** A public national tender for laptops, lowest price, one lot; pass `lots` and `estimatedTotal` together. */
export const aTenderContent = (overrides: Partial<TenderContentInput> = {}): TenderContentInput => ({
  buyingUnitId: BUYING_UNIT_ID,
  title: 'Adquisición de equipo de cómputo 2026',
  description: 'Equipo de cómputo portátil para las unidades médicas.',
  category: 'goods',
  procedureType: 'public_national',
  awardCriterion: { type: 'lowest_price' },
  reverseAuction: false,
  currency: 'MXN',
  lots: [laptopsLot()],
  estimatedTotal: { amount: 26_500_000, currency: 'MXN' },
  documents: [
    {
      documentId: 'doc-1',
      title: 'Convocatoria',
      fileName: 'convocatoria.pdf',
      mediaType: 'application/pdf',
      sha256: createHash('sha256').update('convocatoria').digest('hex'),
    },
  ],
  schedule: {
    publicationDate: T.published,
    questionsDeadline: T.questionsDeadline,
    submissionDeadline: T.submissionDeadline,
    openingDate: T.openingDate,
    awardDate: T.awardDate,
  },
  invitedSupplierIds: [],
  directAward: null,
  periodReduction: null,
  ...overrides,
});

export const twoLots = (): Partial<TenderContentInput> => ({
  lots: [laptopsLot(), printersLot()],
  estimatedTotal: { amount: 29_700_000, currency: 'MXN' },
});

export const anInvitation = (): Partial<TenderContentInput> => ({
  procedureType: 'invitation',
  invitedSupplierIds: [SUPPLIER.A, SUPPLIER.B, SUPPLIER.C],
});

export const aDirectAward = (): Partial<TenderContentInput> => ({
  procedureType: 'direct_award',
  schedule: null,
  directAward: {
    supplierId: SUPPLIER.A,
    justification: {
      article: 'LAASSP art. 41 fr. I',
      text: 'Bienes con derechos exclusivos de distribución (patente).',
    },
  },
});

/** A direct award whose draft names no supplier: the award names each lot's (several suppliers across lots). */
export const aDirectAwardPerLot = (): Partial<TenderContentInput> => ({
  ...twoLots(),
  procedureType: 'direct_award',
  schedule: null,
  directAward: {
    justification: { article: 'LAASSP art. 41 fr. III', text: 'Caso fortuito: abasto urgente por partida.' },
  },
});

/** The lot as an open contract (LAASSP art. 47) between `minimum` and `maximum` centavos (either may be null). */
export const asOpenContract = (lot: TenderLot, minimum: number | null, maximum: number | null): TenderLot => ({
  ...lot,
  openContract: {
    minimum: minimum === null ? null : { amount: minimum, currency: 'MXN' },
    maximum: maximum === null ? null : { amount: maximum, currency: 'MXN' },
  },
});

export const standing = (supplierId: string, overrides: Partial<SupplierStanding> = {}): SupplierStanding => ({
  supplierId,
  verified: true,
  sanctioned: false,
  ...overrides,
});

// ---------------------------------------------------------------------------------------------- commands

export const createTender = (overrides: Partial<TenderContentInput> = {}): TenderCommand => ({
  type: 'CreateTender',
  tenderId: TENDER_ID,
  content: aTenderContent(overrides),
});

export const publishTender = (invitees: SupplierStanding[] = []): PublishTender => ({
  type: 'PublishTender',
  tenderId: TENDER_ID,
  tenderKeyId: TENDER_KEY_ID,
  invitees,
});

export const advanceClock = (): TenderCommand => ({ type: 'AdvanceTenderClock', tenderId: TENDER_ID });

/** Unit prices per lot and item, e.g. `{ 'lot-1': { 'item-1': 2_400_000, 'item-2': 140_000 } }`. */
export type Prices = Record<string, Record<string, number>>;

/** A proposal's content, priced per item; each lot amount is what the prices make with the tender's quantities. */
export function aProposal(
  supplierId: string,
  prices: Prices,
  options: { proposalId?: string; lots?: TenderLot[] } = {},
): ProposalContent {
  const proposalId = options.proposalId ?? `prop-${supplierId}`;
  const lots = options.lots ?? [laptopsLot(), printersLot()];
  return {
    tenderId: TENDER_ID,
    proposalId,
    supplierId,
    currency: 'MXN',
    lots: Object.entries(prices).map(([lotId, unitPrices]) => {
      const lot = lots.find((l) => l.lotId === lotId) as TenderLot;
      const items = lot.items.map((item) => ({ itemId: item.itemId, unitPrice: unitPrices[item.itemId] }));
      const amount = lot.items.reduce((sum, item) => sum + lineTotal(item.quantity, unitPrices[item.itemId]), 0);
      return { lotId, amount, items };
    }),
    documents: [
      {
        documentId: `${proposalId}-tech`,
        kind: 'technical',
        title: 'Propuesta técnica',
        fileName: 'tecnica.pdf',
        mediaType: 'application/pdf',
        sha256: createHash('sha256').update(`${proposalId} technical`).digest('hex'),
      },
    ],
    salt: createHash('md5').update(`salt ${proposalId}`).digest('hex'),
  };
}

/** Laptops lot at a total price: 10 laptops at `laptopPrice` and 10 docks at 100 000 centavos. */
export const laptopsAt = (laptopPrice: number): Prices => ({ 'lot-1': { 'item-1': laptopPrice, 'item-2': 100_000 } });

/** What the handler would send: the commitment and the sealed box of the content (fixed key; IV from the id). */
export function submitProposal(content: ProposalContent, overrides: Partial<SubmitProposal> = {}): SubmitProposal {
  const iv = createHash('sha256').update(`iv ${content.proposalId} ${content.salt}`).digest().subarray(0, 12);
  const { commitment, sealed } = sealProposal(content, TENDER_KEY, iv, TENDER_KEY_ID);
  return {
    type: 'SubmitProposal',
    tenderId: TENDER_ID,
    proposalId: content.proposalId,
    supplier: standing(content.supplierId),
    lotIds: content.lots.map((offer) => offer.lotId),
    commitment,
    sealed,
    ...overrides,
  };
}

export const openProposals = (contents: ProposalContent[]): OpenProposals => ({
  type: 'OpenProposals',
  tenderId: TENDER_ID,
  revealed: contents.map((content) => ({ proposalId: content.proposalId, content })),
});

export const evaluate = (
  proposalId: string,
  lotId: string,
  overrides: Partial<EvaluateProposal> = {},
): EvaluateProposal => ({
  type: 'EvaluateProposal',
  tenderId: TENDER_ID,
  proposalId,
  lotId,
  compliant: true,
  reasons: [],
  ...overrides,
});

export const awardTender = (auctionResults?: AwardTender['auctionResults']): AwardTender => ({
  type: 'AwardTender',
  tenderId: TENDER_ID,
  auctionResults,
});

// --------------------------------------------------------------------------------------------- histories

/** Runs one command on a history at an instant and returns the longer history. */
export function play(
  history: TenderEvent[],
  command: TenderCommand,
  when: string,
  decider: Decider<TenderCommand, TenderEvent, TenderState> = tenderDecider,
): TenderEvent[] {
  return [
    ...history,
    ...decider.decide(command, fold(decider, history), { now: new Date(when), actor: 'account-scenario' }),
  ];
}

export const stateOf = (history: TenderEvent[]): TenderState => fold(tenderDecider, history);

export const aDraftTender = (overrides: Partial<TenderContentInput> = {}) =>
  play([], createTender(overrides), T.created);

export function aPublishedTender(overrides: Partial<TenderContentInput> = {}): TenderEvent[] {
  const invitees = (overrides.invitedSupplierIds ?? []).map((id) => standing(id));
  return play(aDraftTender(overrides), publishTender(invitees), T.published);
}

/** Published, and the clock recorded the end of the enquiry period: proposals are accepted. */
export const aTenderOpenForProposals = (overrides: Partial<TenderContentInput> = {}) =>
  play(aPublishedTender(overrides), advanceClock(), T.questionsDeadline);

/** Each proposal submitted one hour after the previous, from one hour after the questions deadline. */
export function aTenderWithProposals(
  proposals: ProposalContent[],
  overrides: Partial<TenderContentInput> = {},
): TenderEvent[] {
  return proposals.reduce(
    (history, content, i) => play(history, submitProposal(content), ms(T.questionsDeadline, (i + 1) * HOUR)),
    aTenderOpenForProposals(overrides),
  );
}

export const anOpenedTender = (proposals: ProposalContent[], overrides: Partial<TenderContentInput> = {}) =>
  play(aTenderWithProposals(proposals, overrides), openProposals(proposals), T.openingDate);

/**
 * Opened, every proposal evaluated for every lot it covers (compliant unless `evaluations` says otherwise,
 * 80 technical points under points and percentages), and the evaluation completed.
 */
export function anEvaluatedTender(
  proposals: ProposalContent[],
  overrides: Partial<TenderContentInput> = {},
  evaluations: Record<string, Partial<EvaluateProposal>> = {},
): TenderEvent[] {
  const points = overrides.awardCriterion?.type === 'points_and_percentages';
  let history = anOpenedTender(proposals, overrides);
  for (const proposal of proposals) {
    for (const offer of proposal.lots) {
      const override = evaluations[`${proposal.proposalId}|${offer.lotId}`] ?? {};
      const technicalPoints = points && override.compliant !== false ? 80 : undefined;
      history = play(
        history,
        evaluate(proposal.proposalId, offer.lotId, { technicalPoints, ...override }),
        T.evaluated,
      );
    }
  }
  return play(history, { type: 'CompleteEvaluation', tenderId: TENDER_ID }, T.evaluated);
}

export const anAwardedTender = (proposals: ProposalContent[], overrides: Partial<TenderContentInput> = {}) =>
  play(anEvaluatedTender(proposals, overrides), awardTender(), T.awarded);

/** Awarded, and the objection period over without challenges. */
export const aTenderReadyForContract = (proposals: ProposalContent[], overrides: Partial<TenderContentInput> = {}) =>
  play(anAwardedTender(proposals, overrides), advanceClock(), T.objectionPeriodEnds);

export const contentOf = (history: TenderEvent[]): TenderContent => stateOf(history).content as TenderContent;

/** The proposals most specs use, laptops for lot 1: B is the lowest (24 000 000), then C (24 500 000), then A (25 000 000). */
export const PROPOSAL = {
  A: aProposal(SUPPLIER.A, laptopsAt(2_400_000)),
  B: aProposal(SUPPLIER.B, laptopsAt(2_300_000)),
  C: aProposal(SUPPLIER.C, laptopsAt(2_350_000)),
};
