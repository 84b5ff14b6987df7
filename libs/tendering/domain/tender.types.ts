import type { Money } from '@licita/shared';
import type { Consolidation } from './consolidation';

/** Instants travel as ISO 8601 strings (UTC) so commands, events and state serialize as they are. */
export type IsoDateTime = string;

/**
 * LAASSP art. 26: public tender (licitación pública, national or international, art. 28), invitation to at
 * least three persons (art. 43) and direct award (adjudicación directa, art. 41 and 42).
 */
export type ProcedureType = 'public_national' | 'public_international' | 'invitation' | 'direct_award';
export const PROCEDURE_TYPES: readonly ProcedureType[] = [
  'public_national',
  'public_international',
  'invitation',
  'direct_award',
];
/** The procedures with a call, a submission period and an opening act. */
export type CompetitiveProcedure = Exclude<ProcedureType, 'direct_award'>;

export type ProcurementCategory = 'goods' | 'services' | 'works' | 'leasing';
export const PROCUREMENT_CATEGORIES: readonly ProcurementCategory[] = ['goods', 'services', 'works', 'leasing'];

/**
 * LAASSP art. 36: the binary criterion (the lowest price among the compliant proposals wins) or points and
 * percentages (technical and economic weights summing to 100).
 */
export type AwardCriterion =
  { type: 'lowest_price' } | { type: 'points_and_percentages'; technicalWeight: number; economicWeight: number };

export type TenderItem = {
  itemId: string;
  /** A code of the classifier (CPV `45210000-2` or CUCoP); the handler checks it exists in the catalog. */
  classifierCode: string;
  description: string;
  /** Positive, at most three decimals (kilograms, litres). */
  quantity: number;
  /** Unit of measure as the buyer writes it: `pieza`, `litro`, `servicio`. */
  unit: string;
  /** Integer centavos in the tender's currency. */
  estimatedUnitPrice: number;
};

export type TenderLot = {
  lotId: string;
  title: string;
  items: TenderItem[];
  /** Must equal the sum of its items' quantity × estimated unit price. */
  estimatedValue: Money;
  /** An open contract (LAASSP art. 47); absent on every other lot, which is awarded and contracted for a fixed positive amount. */
  openContract?: OpenContractTerms;
};

/**
 * LAASSP art. 47 (contrato abierto): the quantity or budget is fixed between a minimum and a maximum, and the
 * calls against it come later. Such a lot may be awarded and contracted for 0.00 (the amount is what the calls
 * will add up to) or for any amount up to its maximum. Art. 47 fr. I: the minimum is at least 40 % of the
 * maximum. Amendments (art. 52) are measured against the maximum when there is one (domain/contract.ts).
 */
export type OpenContractTerms = {
  /** The minimum budget, in the tender's currency; `null` when the procedure states none. */
  minimum: Money | null;
  /** The maximum budget; `null` when the procedure states none. */
  maximum: Money | null;
};
/** Art. 47 fr. I: the minimum may not be below 40 % of the maximum. */
export const OPEN_CONTRACT_MINIMUM_PERCENT = 40;

/** A document is published by its metadata and the SHA-256 of its bytes; the file lives elsewhere. */
export type DocumentRef = {
  documentId: string;
  title: string;
  fileName: string;
  mediaType: string;
  /** Lowercase hex SHA-256 of the file. */
  sha256: string;
};

export type TenderSchedule = {
  /** Planned publication; publishing sets it to the moment the tender was really published. */
  publicationDate: IsoDateTime;
  /** Questions are accepted before this instant (the enquiry period ends here). */
  questionsDeadline: IsoDateTime;
  /** Proposals are accepted before this instant. */
  submissionDeadline: IsoDateTime;
  /** The opening act may be held from this instant. */
  openingDate: IsoDateTime;
  /** Planned date of the award (fallo). */
  awardDate: IsoDateTime;
};

export type LegalJustification = {
  /** The article cited, e.g. `LAASSP art. 41 fr. III`. */
  article: string;
  text: string;
};

/**
 * LAASSP art. 41/42. `supplierId`: the one supplier of every lot, named in the draft (how every direct award was
 * drafted before awards per lot; still allowed). Without it, the award (`AwardDirectly`) names each lot's
 * supplier, so one procedure may end in several contracts with different suppliers.
 */
export type DirectAwardTerms = {
  supplierId?: string;
  justification: LegalJustification;
};

export type TenderContent = {
  buyingUnitId: string;
  title: string;
  description: string;
  category: ProcurementCategory;
  procedureType: ProcedureType;
  awardCriterion: AwardCriterion;
  /** A reverse auction among the compliant proposals before the award (the auctions context runs it). */
  reverseAuction: boolean;
  /** ISO 4217; every amount of the tender is in it. MXN unless told otherwise. */
  currency: string;
  lots: TenderLot[];
  estimatedTotal: Money;
  documents: DocumentRef[];
  /** Required for public tenders and invitations; `null` for direct awards. */
  schedule: TenderSchedule | null;
  /** The invited suppliers of an invitation (at least three); empty otherwise. */
  invitedSupplierIds: string[];
  /** Who and why, for a direct award only. */
  directAward: DirectAwardTerms | null;
  /** LAASSP art. 32: a public tender may shorten the submission period with a justification. */
  periodReduction: { justification: string } | null;
  /**
   * Every proposal must be signed with the supplier's e.firma (domain/efirma.ts). Absent (as on tenders drafted
   * before it existed) means false.
   */
  requireProposalSignature?: boolean;
  /**
   * Practice (sandbox) only: the procedure's clock runs this many times faster (1..100000; 1440 = one day per
   * minute, as ProZorro's `accelerator=1440`). The legal minimum periods, the award limit, the amendment notice, the
   * objection period and the auction's durations are divided by it (time-acceleration.ts). Absent means 1.
   */
  timeAcceleration?: number;
  /**
   * The money is federal (a state or municipality spending federal funds, CompraNet's APORTACION_FEDERAL): federal
   * law applies whatever the buying unit's level (LAASSP / LOPSRM art. 1 fr. VI). Absent means false.
   */
  federalFunds?: boolean;
  /**
   * A consolidated purchase (domain/consolidation.ts): the units this central unit buys for, each with its request,
   * quantities and commitment. Absent on any other tender.
   */
  consolidation?: Consolidation;
};

/** What a buyer writes to create or edit a tender: the optional fields default to none / MXN / false. */
export type TenderContentInput = Omit<TenderContent, OptionalContentField> &
  Partial<Pick<TenderContent, OptionalContentField>>;
type OptionalContentField =
  | 'reverseAuction'
  | 'currency'
  | 'documents'
  | 'schedule'
  | 'invitedSupplierIds'
  | 'directAward'
  | 'periodReduction'
  | 'requireProposalSignature'
  | 'timeAcceleration'
  | 'federalFunds'
  | 'consolidation';

/**
 * What the supplier register says about a supplier at the command's `now`, looked up by the handler so the
 * decider stays pure.
 */
export type SupplierStanding = {
  supplierId: string;
  verified: boolean;
  sanctioned: boolean;
};

/** AES-256-GCM output, base64; the key is found by `tenderKeyId`, never stored with the payload. */
export type SealedBox = {
  tenderKeyId: string;
  algorithm: 'aes-256-gcm';
  iv: string;
  ciphertext: string;
  authTag: string;
};

/** What a supplier offers: sealed until the opening act. */
export type ProposalContent = {
  tenderId: string;
  proposalId: string;
  supplierId: string;
  currency: string;
  lots: ProposalLotOffer[];
  /** Technical, legal and economic documents by metadata and hash. */
  documents: Array<DocumentRef & { kind: 'technical' | 'legal' | 'economic' }>;
  /**
   * Random hex (at least 128 bits) so the public commitment cannot be brute-forced by guessing amounts.
   * The handler generates it; it is revealed with the content at the opening act.
   */
  salt: string;
};

export type ProposalLotOffer = {
  lotId: string;
  /** Integer centavos: the price offered for the whole lot. */
  amount: number;
  /** Unit price per item of the lot, integer centavos; the lot amount is their sum by quantity. */
  items: Array<{ itemId: string; unitPrice: number }>;
};

export const DAY_MS = 86_400_000;

export const addDays = (iso: IsoDateTime, days: number): IsoDateTime =>
  new Date(Date.parse(iso) + days * DAY_MS).toISOString();
