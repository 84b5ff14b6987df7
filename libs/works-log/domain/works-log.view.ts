import type { WorksLogNote } from './works-log.events';
import type { WorksLogState } from './works-log.decider';
import type { NoteAttachment, NoteKind, Progress, WorksLogParty } from './works-log.types';

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
  noteCount: number;
  progress: Progress | null;
  /** The progress over time: every disclosed progress report, corrections replacing what they correct. */
  progressSeries: ProgressPoint[];
  notes: NoteView[];
  /** The hash of the last note: the head of the chain. */
  headHash: string | null;
};

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
    noteCount: notes.length,
    progress: last ? { physicalBp: last.physicalBp, financialBp: last.financialBp } : null,
    progressSeries: series,
    notes,
    headHash: state.notes.at(-1)?.hash ?? null,
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
    hash: note.hash,
    previousHash: note.previousHash,
  };
}

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
