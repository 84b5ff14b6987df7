import { createHash } from 'node:crypto';
import {
  canonicalJson,
  conflict,
  DomainError,
  invalid,
  notFound,
  type DecisionContext,
  type Decider,
} from '@licita/shared';
import type { CloseWorksLog, OpenWorksLog, WorksLogCommand, WriteWorksLogNote } from './works-log.commands';
import type { WorksLogEvent, WorksLogNote, WorksLogNoteWritten } from './works-log.events';
import {
  isPersonRfc,
  noteSigningMessage,
  noteSigningPrefix,
  signedNoteContent,
  type NoteSignature,
} from './works-log.signing';
import {
  FULL_PROGRESS_BP,
  WRITABLE_KINDS,
  type Confidentiality,
  type LogOpening,
  type NoteAttachment,
  type NoteKind,
  type Progress,
  type WorksLogParty,
} from './works-log.types';

export type WorksLogState = {
  opening: LogOpening | null;
  notes: WorksLogNote[];
  closed: boolean;
  /** The progress in force: that of the latest progress report (or of the correction that replaced it). */
  progress: Progress | null;
  /** The note whose progress is in force. */
  progressNote: number | null;
  /** The RFC of the resident's first e.firma signature: every later one names the same person. */
  residentRfc: string | null;
};

export const initialState = (): WorksLogState => ({
  opening: null,
  notes: [],
  closed: false,
  progress: null,
  progressNote: null,
  residentRfc: null,
});

export const MAX_TEXT = 10_000;
export const MAX_ATTACHMENTS = 20;
const SHA256 = /^[0-9a-f]{64}$/;

export function decide(command: WorksLogCommand, state: WorksLogState, context: DecisionContext): WorksLogEvent[] {
  switch (command.type) {
    case 'OpenWorksLog':
      return [open(command, state, context)];
    case 'WriteWorksLogNote':
      return [write(command, state, context)];
    case 'CloseWorksLog':
      return [close(command, state, context)];
  }
}

export function evolve(state: WorksLogState, event: WorksLogEvent): WorksLogState {
  const note = event.data;
  const progressed = note.progress !== null && (note.kind === 'progress' || note.kind === 'correction');
  return {
    opening: note.opening ?? state.opening,
    notes: [...state.notes, note],
    closed: state.closed || note.kind === 'closing',
    progress: progressed ? note.progress : state.progress,
    progressNote: progressed ? note.number : state.progressNote,
    residentRfc: state.residentRfc ?? (note.party === 'resident' && note.signature ? note.signature.signer.rfc : null),
  };
}

export const worksLogDecider: Decider<WorksLogCommand, WorksLogEvent, WorksLogState> = {
  initialState,
  decide,
  evolve,
};

/** The SHA-256 of a note's canonical JSON without its own hash: what the signature and the chain stand on. */
export function noteHash(note: Omit<WorksLogNote, 'hash'>): string {
  return sha256(canonicalJson(note));
}

/** The SHA-256 of what an e.firma signature of the note covers (works-log.signing.ts). */
export function noteContentHash(note: Parameters<typeof signedNoteContent>[0]): string {
  return sha256(canonicalJson(signedNoteContent(note)));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Whether every note's hash is that of its content and names the previous note's hash. */
export function chainHolds(notes: WorksLogNote[]): boolean {
  return notes.every(({ hash, ...rest }, i) => {
    const previous = i === 0 ? null : notes[i - 1].hash;
    return rest.previousHash === previous && rest.number === i + 1 && noteHash(rest) === hash;
  });
}

function open(command: OpenWorksLog, state: WorksLogState, context: DecisionContext): WorksLogNoteWritten {
  if (state.opening !== null)
    throw conflict('works_log.already_open', 'the contract already has its log', { contractId: command.contractId });
  const { contract, resident, superintendent } = command;
  // LOPSRM governs public works (and related services); goods, services and leasing contracts have no bitácora.
  if (contract.category !== 'works')
    throw invalid('works_log.not_works_contract', 'only a public-works contract keeps a works log', {
      category: contract.category,
    });
  if (resident.role !== 'buyer' || resident.buyingUnitId !== contract.buyingUnitId)
    throw invalid('works_log.invalid_resident', "the resident is a buyer account of the contract's unit", {
      field: 'residentAccountId',
    });
  if (superintendent.role !== 'supplier' || superintendent.supplierId !== contract.supplierId)
    throw invalid('works_log.invalid_superintendent', "the superintendent is an account of the contract's supplier", {
      field: 'superintendentAccountId',
    });
  if (command.authorAccountId !== resident.accountId) throw notParty('the resident named in it opens the log');
  const opening: LogOpening = {
    tenderId: contract.tenderId,
    buyingUnitId: contract.buyingUnitId,
    supplierId: contract.supplierId,
    residentAccountId: resident.accountId,
    superintendentAccountId: superintendent.accountId,
    requireSignature: command.requireSignature === true,
  };
  return note(state, context, {
    contractId: command.contractId,
    kind: 'opening',
    text: checkText(command.text),
    party: 'resident',
    writtenBy: command.authorAccountId,
    refersTo: null,
    progress: null,
    attachments: checkAttachments(command.attachments),
    confidential: null,
    opening,
    signature: null,
  });
}

function write(command: WriteWorksLogNote, state: WorksLogState, context: DecisionContext): WorksLogNoteWritten {
  const party = writerOf(state, command.authorAccountId);
  const kind = command.kind as NoteKind;
  if (!WRITABLE_KINDS.includes(kind))
    throw invalid('works_log.invalid_kind', `a note is one of ${WRITABLE_KINDS.join(', ')}`, { field: 'kind' });
  const refersTo = checkReference(kind, command.refersTo, party, state);
  const progress = checkProgress(kind, command.progress, refersTo, state);
  return note(state, context, {
    contractId: command.contractId,
    kind,
    text: checkText(command.text),
    party,
    writtenBy: command.authorAccountId,
    refersTo,
    progress,
    attachments: checkAttachments(command.attachments),
    confidential: checkConfidential(command.confidential),
    opening: null,
    signature: command.signature ?? null,
  });
}

function close(command: CloseWorksLog, state: WorksLogState, context: DecisionContext): WorksLogNoteWritten {
  const party = writerOf(state, command.authorAccountId);
  if (party !== 'resident') throw notParty('the resident closes the log');
  return note(state, context, {
    contractId: command.contractId,
    kind: 'closing',
    text: checkText(command.text),
    party,
    writtenBy: command.authorAccountId,
    refersTo: null,
    progress: null,
    attachments: checkAttachments(command.attachments),
    confidential: null,
    opening: null,
    signature: command.signature ?? null,
  });
}

type NoteContent = Omit<WorksLogNote, 'number' | 'writtenAt' | 'previousHash' | 'hash'>;

/**
 * The next note: numbered after the last one, dated now, chained to the last one's hash, its e.firma signature
 * (if any) checked against that place in the chain.
 */
function note(state: WorksLogState, { now }: DecisionContext, content: NoteContent): WorksLogNoteWritten {
  const last = state.notes.at(-1);
  const unsigned = {
    ...content,
    number: state.notes.length + 1,
    writtenAt: now.toISOString(),
    previousHash: last ? last.hash : null,
  };
  if (content.kind !== 'opening') checkSignature(state, unsigned);
  return { type: 'WorksLogNoteWritten', data: { ...unsigned, hash: noteHash(unsigned) } };
}

/**
 * A log opened with `requireSignature` takes only notes signed with the author's e.firma. A signature is over
 * this note at this place (number, previous hash): one made over an older head is 409 `works_log.log_moved_on`
 * (sign again). The resident signs as a person (a 13-character RFC), the same person every time; the
 * superintendent's certificate names the contractor's RFC (checked by the handler against the register).
 */
function checkSignature(state: WorksLogState, draft: Omit<WorksLogNote, 'hash'>): void {
  const signature: NoteSignature | null | undefined = draft.signature;
  if (!signature) {
    if (state.opening?.requireSignature === true)
      throw invalid('works_log.signature_required', "this log takes only notes signed with the author's e.firma", {
        field: 'efirma',
      });
    return;
  }
  const { contractId, number, previousHash } = draft;
  if (signature.message !== noteSigningMessage(contractId, number, previousHash, noteContentHash(draft))) {
    if (!signature.message.startsWith(noteSigningPrefix(contractId, number, previousHash)))
      throw conflict(
        'works_log.log_moved_on',
        'another note was written since you signed: read the log and sign again',
        {
          number,
          previousHash,
        },
      );
    throw invalid('works_log.signature_mismatch', "the signature is not over this note's content");
  }
  if (draft.party !== 'resident') return;
  const rfc = signature.signer.rfc;
  if (!isPersonRfc(rfc))
    throw invalid('works_log.signer_not_a_person', "the resident signs with a person's e.firma (a 13-character RFC)", {
      rfc,
    });
  if (state.residentRfc !== null && rfc !== state.residentRfc)
    throw invalid('works_log.signer_changed', "the resident's notes are signed by the person who signed the first", {
      rfc,
      expected: state.residentRfc,
    });
}

/** Only the resident and the superintendent the opening named write, and only while the log is open. */
function writerOf(state: WorksLogState, accountId: string): WorksLogParty {
  if (state.opening === null) throw notFound('works_log.not_found', 'the contract has no works log yet');
  if (state.closed) throw conflict('works_log.closed', 'the log is closed: nothing more is written in it');
  if (accountId === state.opening.residentAccountId) return 'resident';
  if (accountId === state.opening.superintendentAccountId) return 'superintendent';
  throw notParty('only the resident and the superintendent named at the opening write in the log');
}

const notParty = (message: string) => new DomainError('works_log.not_party', message, 'forbidden');

/**
 * An answer refers to a note of the other party; a correction to an earlier note of its own author (a note is
 * never changed: the correction is a new note, RLOPSRM art. 123 — UNVERIFIED); other kinds may refer to any note.
 */
function checkReference(
  kind: NoteKind,
  refersTo: number | null | undefined,
  party: WorksLogParty,
  state: WorksLogState,
): number | null {
  if (refersTo === undefined || refersTo === null) {
    if (kind === 'answer' || kind === 'correction')
      throw invalid('works_log.reference_required', `a note of kind ${kind} names the note it refers to`, {
        field: 'refersTo',
      });
    return null;
  }
  const target = Number.isInteger(refersTo) ? state.notes[refersTo - 1] : undefined;
  if (!target) throw notFound('works_log.note_not_found', `the log has no note ${refersTo}`, { refersTo });
  if (kind === 'answer' && target.party === party)
    throw invalid('works_log.answer_to_own_note', "an answer answers the other party's note", { refersTo });
  if (kind === 'correction' && target.party !== party)
    throw invalid('works_log.correction_of_other_party', 'a correction corrects a note of its own author', {
      refersTo,
    });
  return refersTo;
}

/**
 * A progress report carries physical and financial progress, each 0–10 000 basis points. Neither goes back:
 * each is at least what the progress in force says. The one way down is a correction of the note whose
 * progress is in force (a mistyped report), which replaces it. No other note carries progress.
 */
function checkProgress(
  kind: NoteKind,
  progress: Progress | null | undefined,
  refersTo: number | null,
  state: WorksLogState,
): Progress | null {
  const correctsProgress = kind === 'correction' && refersTo !== null && refersTo === state.progressNote;
  if (progress === undefined || progress === null) {
    if (kind === 'progress')
      throw invalid('works_log.progress_required', 'a progress report states physical and financial progress', {
        field: 'progress',
      });
    return null;
  }
  if (kind !== 'progress' && !correctsProgress)
    throw invalid('works_log.progress_not_allowed', 'only a progress report (or its correction) carries progress', {
      field: 'progress',
    });
  const { physicalBp, financialBp } = progress;
  if (!isBasisPoints(physicalBp) || !isBasisPoints(financialBp))
    throw invalid('works_log.invalid_progress', 'progress is an integer number of basis points from 0 to 10000', {
      field: 'progress',
    });
  const current = state.progress;
  if (!correctsProgress && current && (physicalBp < current.physicalBp || financialBp < current.financialBp))
    throw invalid('works_log.progress_decreased', 'progress never goes back: correct the last report instead', {
      physicalBp: current.physicalBp,
      financialBp: current.financialBp,
      progressNote: state.progressNote,
    });
  return { physicalBp, financialBp };
}

const isBasisPoints = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= FULL_PROGRESS_BP;

function checkText(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0 || text.length > MAX_TEXT)
    throw invalid('works_log.invalid_text', `a note has 1 to ${MAX_TEXT} characters`, { field: 'text' });
  return text;
}

function checkAttachments(attachments: NoteAttachment[] | undefined): NoteAttachment[] {
  if (attachments === undefined || attachments === null) return [];
  if (!Array.isArray(attachments) || attachments.length > MAX_ATTACHMENTS)
    throw invalid('works_log.invalid_attachment', `a note has at most ${MAX_ATTACHMENTS} attachments`, {
      field: 'attachments',
    });
  return attachments.map(({ documentId, title, fileName, mediaType, sha256 }) => {
    if (![documentId, title, fileName, mediaType].every((s) => typeof s === 'string' && s.trim().length > 0))
      throw invalid('works_log.invalid_attachment', 'an attachment has its document id, title, file name and type', {
        field: 'attachments',
      });
    if (typeof sha256 !== 'string' || !SHA256.test(sha256))
      throw invalid('works_log.invalid_attachment', 'an attachment names its lowercase hex SHA-256', {
        field: 'attachments',
        documentId,
      });
    return { documentId, title: title.trim(), fileName, mediaType, sha256 };
  });
}

function checkConfidential(confidential: Confidentiality | null | undefined): Confidentiality | null {
  if (confidential === undefined || confidential === null) return null;
  const legalBasis = typeof confidential.legalBasis === 'string' ? confidential.legalBasis.trim() : '';
  if (legalBasis.length === 0 || legalBasis.length > 500)
    throw invalid('works_log.legal_basis_required', 'a private note states the legal reason, in 1 to 500 characters', {
      field: 'confidential.legalBasis',
    });
  return { legalBasis };
}
