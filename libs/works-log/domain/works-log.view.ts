import type { WorksLogNote } from './works-log.events';
import type { WorksLogState } from './works-log.decider';
import type { NoteSignature } from './works-log.signing';
import {
  FULL_PROGRESS_BP,
  type NoteAttachment,
  type NoteKind,
  type Progress,
  type WorksLogParty,
} from './works-log.types';

/** Who signed a note with e.firma, as everyone sees it: the holder's name and the certificate, never its RFC/CURP. */
export type NoteSignedBy = { name: string; serialNumber: string; issuer: string; verifiedAt: string };

/** A note as a reader sees it; a private note shown to the public keeps its number, kind, date and reason only. */
export type NoteView = {
  number: number;
  kind: NoteKind;
  party: WorksLogParty;
  writtenAt: string;
  refersTo: number | null;
  /** Numbers of the notes that answer this one. */
  answeredBy: number[];
  /** Numbers of the notes that correct this one. */
  correctedBy: number[];
  confidential: { legalBasis: string } | null;
  /** False for the public on a private note: text, progress and attachments are withheld. */
  disclosed: boolean;
  text: string | null;
  progress: Progress | null;
  attachments: NoteAttachment[];
  /** The account that signed it: the contract's parties and auditors only. */
  writtenBy?: string;
  /** The e.firma signer (null: not signed with e.firma); shown to everyone, private notes too. */
  signedBy: NoteSignedBy | null;
  /** The whole signature (message, signature, certificate, signer with RFC): the contract's parties and auditors only. */
  signature?: NoteSignature | null;
  hash: string;
  previousHash: string | null;
};

export type ProgressPoint = { number: number; at: string } & Progress;

export type WorksLogView = {
  contractId: string;
  tenderId: string;
  status: 'open' | 'closed';
  /** Whether the reader sees the private notes (the contract's unit and supplier, auditors). */
  full: boolean;
  residentAccountId?: string;
  superintendentAccountId?: string;
  /** Whether the log takes only notes signed with e.firma (chosen at the opening). */
  signatureRequired: boolean;
  noteCount: number;
  progress: Progress | null;
  /** The progress over time: every disclosed progress report, corrections replacing what they correct. */
  progressSeries: ProgressPoint[];
  notes: NoteView[];
  /** The hash of the last note: the head of the chain. */
  headHash: string | null;
  /** Financial progress from the contract's payments (libs/execution); null until the handler adds it. */
  paidProgress: PaidProgress | null;
};

/**
 * Financial progress as paid: the payments recorded on the contract's execution over its amount as amended, in
 * basis points (integers, rounded down). `series` has one point per payment date. `reportedAbovePaid`: the
 * financial progress the parties report is more than REPORTED_ABOVE_PAID_BP above it.
 */
export type PaidProgress = {
  currency: string;
  contractAmount: number;
  paid: number;
  financialBp: number | null;
  series: Array<{ at: string; paid: number; financialBp: number | null }>;
  reportedAbovePaid: boolean;
};

/** Ten percentage points: a reported financial progress further above what was paid is flagged. */
export const REPORTED_ABOVE_PAID_BP = 1_000;

/** `part` of `whole` in basis points, rounded down, exact on integers (centavos); null for a contract of 0. */
export function basisPoints(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Number((BigInt(part) * BigInt(FULL_PROGRESS_BP)) / BigInt(whole));
}

/** Financial progress from the payments (centavos, in the contract's currency) and the contract's amount. */
export function paidProgress(
  contractAmount: { amount: number; currency: string },
  payments: Array<{ amount: number; paidAt: string }>,
  reported: Progress | null,
): PaidProgress {
  let paid = 0;
  const series: PaidProgress['series'] = [];
  for (const payment of [...payments].sort((a, b) => a.paidAt.localeCompare(b.paidAt))) {
    paid += payment.amount;
    const point = { at: payment.paidAt, paid, financialBp: basisPoints(paid, contractAmount.amount) };
    if (series.at(-1)?.at === point.at) series[series.length - 1] = point;
    else series.push(point);
  }
  const financialBp = basisPoints(paid, contractAmount.amount);
  return {
    currency: contractAmount.currency,
    contractAmount: contractAmount.amount,
    paid,
    financialBp,
    series,
    reportedAbovePaid:
      reported !== null && financialBp !== null && reported.financialBp - financialBp > REPORTED_ABOVE_PAID_BP,
  };
}

/**
 * The log for a reader. The public reads it once the contract is public (signed), minus the private notes'
 * contents: such a note stays in the list (so the numbering shows no gap) with its kind, date and legal reason.
 */
export function worksLogView(contractId: string, state: WorksLogState, full: boolean): WorksLogView | null {
  if (state.opening === null) return null;
  const answers = new Map<number, number[]>();
  const corrections = new Map<number, number[]>();
  for (const note of state.notes) {
    if (note.refersTo === null) continue;
    const index = note.kind === 'answer' ? answers : note.kind === 'correction' ? corrections : null;
    index?.set(note.refersTo, [...(index.get(note.refersTo) ?? []), note.number]);
  }
  const notes = state.notes.map((note) =>
    noteView(note, full, answers.get(note.number) ?? [], corrections.get(note.number) ?? []),
  );
  const series = progressSeries(notes);
  const last = series.at(-1);
  return {
    contractId,
    tenderId: state.opening.tenderId,
    status: state.closed ? 'closed' : 'open',
    full,
    ...(full
      ? {
          residentAccountId: state.opening.residentAccountId,
          superintendentAccountId: state.opening.superintendentAccountId,
        }
      : {}),
    signatureRequired: state.opening.requireSignature === true,
    noteCount: notes.length,
    progress: last ? { physicalBp: last.physicalBp, financialBp: last.financialBp } : null,
    progressSeries: series,
    notes,
    headHash: state.notes.at(-1)?.hash ?? null,
    paidProgress: null,
  };
}

function noteView(note: WorksLogNote, full: boolean, answeredBy: number[], correctedBy: number[]): NoteView {
  const disclosed = full || note.confidential === null;
  return {
    number: note.number,
    kind: note.kind,
    party: note.party,
    writtenAt: note.writtenAt,
    refersTo: note.refersTo,
    answeredBy,
    correctedBy,
    confidential: note.confidential,
    disclosed,
    text: disclosed ? note.text : null,
    progress: disclosed ? note.progress : null,
    attachments: disclosed ? note.attachments : [],
    ...(full ? { writtenBy: note.writtenBy } : {}),
    signedBy: note.signature ? signedBy(note.signature) : null,
    ...(full ? { signature: note.signature ?? null } : {}),
    hash: note.hash,
    previousHash: note.previousHash,
  };
}

const signedBy = ({ signer, verification }: NoteSignature): NoteSignedBy => ({
  name: signer.name,
  serialNumber: signer.serialNumber,
  issuer: signer.issuer,
  verifiedAt: verification.verifiedAt,
});

/** Progress over time from the notes the reader sees: a correction replaces the point of the note it corrects. */
function progressSeries(notes: NoteView[]): ProgressPoint[] {
  const points: ProgressPoint[] = [];
  for (const note of notes) {
    if (note.progress === null) continue;
    const point = { number: note.number, at: note.writtenAt, ...note.progress };
    const corrected = note.kind === 'correction' ? points.findIndex((p) => p.number === note.refersTo) : -1;
    if (corrected >= 0) points[corrected] = point;
    else points.push(point);
  }
  return points;
}
