import type { NoteSignature } from './works-log.signing';
import type { Confidentiality, LogOpening, NoteAttachment, NoteKind, Progress, WorksLogParty } from './works-log.types';

/**
 * Every note, opening and closing included, is one `WorksLogNoteWritten`: note `n` is the stream's event `n - 1`,
 * appended at the revision read, so two notes can never share a number and none is skipped. `hash` is the
 * SHA-256 of the note's canonical JSON (every field but `hash`), which names the previous note's hash: the log
 * is a hash chain, and changing an earlier note breaks every later hash.
 */
export type WorksLogNoteWritten = {
  type: 'WorksLogNoteWritten';
  data: {
    contractId: string;
    number: number;
    kind: NoteKind;
    text: string;
    party: WorksLogParty;
    /** The signer: the account that wrote the note (`account-<id>` in the metadata too). */
    writtenBy: string;
    writtenAt: string;
    refersTo: number | null;
    progress: Progress | null;
    attachments: NoteAttachment[];
    confidential: Confidentiality | null;
    /** Only on the opening note. */
    opening: LogOpening | null;
    /** The author's e.firma signature (null: signed by the account's write only); absent on notes before it existed. */
    signature?: NoteSignature | null;
    previousHash: string | null;
    hash: string;
  };
};

export type WorksLogEvent = WorksLogNoteWritten;
export type WorksLogNote = WorksLogNoteWritten['data'];
