/**
 * The public-works log (bitácora electrónica de obra pública, LOPSRM art. 46 last paragraphs; RLOPSRM arts.
 * 122–126, UNVERIFIED here: the texts were not at hand, see the README): one log per works contract, stream
 * `works-log-<contractId>`, written by the buyer's resident engineer (residente de obra) and the contractor's
 * superintendent (superintendente). Every note is one event, numbered by its place in the stream.
 */
export const worksLogStream = (contractId: string) => `works-log-${contractId}`;

/** Who wrote a note: the buying unit's resident or the contractor's superintendent. */
export type WorksLogParty = 'resident' | 'superintendent';

/** Opening and closing have their own commands; every other kind is written with `WriteWorksLogNote`. */
export const NOTE_KINDS = [
  'opening',
  'instruction',
  'request',
  'progress',
  'incident',
  'answer',
  'correction',
  'note',
  'closing',
] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];
export const WRITABLE_KINDS: readonly NoteKind[] = [
  'instruction',
  'request',
  'progress',
  'incident',
  'answer',
  'correction',
  'note',
];

/** Physical and financial progress in basis points: 0 … 10 000 (100.00 %), integers, never floats. */
export type Progress = { physicalBp: number; financialBp: number };
export const FULL_PROGRESS_BP = 10_000;

/** A photo or document uploaded beforehand (POST /api/documents) by the author's party, named by its hash. */
export type NoteAttachment = { documentId: string; title: string; fileName: string; mediaType: string; sha256: string };

/** Why the law keeps a note from the public (LGTAIP art. 113 reservations, LFPDPPP personal data…), in words. */
export type Confidentiality = { legalBasis: string };

/** What the opening note records: the contract it belongs to and who may write. */
export type LogOpening = {
  tenderId: string;
  buyingUnitId: string;
  supplierId: string;
  residentAccountId: string;
  superintendentAccountId: string;
  /** Every later note (the closing too) is signed with its author's e.firma; absent on logs opened before. */
  requireSignature?: boolean;
};

/** The facts of the contract, looked up by the handler (contract and tender streams) before deciding. */
export type ContractFacts = { tenderId: string; buyingUnitId: string; supplierId: string; category: string };

/** An account as identity knows it: checked when the opening names it. */
export type NamedAccount = { accountId: string; role: string; buyingUnitId: string | null; supplierId: string | null };
