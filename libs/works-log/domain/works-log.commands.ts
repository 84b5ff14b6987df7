import type { NoteSignature } from './works-log.signing';
import type { Confidentiality, ContractFacts, NamedAccount, NoteAttachment, Progress } from './works-log.types';

/** The resident opens the log of a works contract, naming the resident and the superintendent (RLOPSRM art. 123). */
export type OpenWorksLog = {
  type: 'OpenWorksLog';
  contractId: string;
  contract: ContractFacts;
  resident: NamedAccount;
  superintendent: NamedAccount;
  /** The opening note: the works, the site, the dates (free text). */
  text: string;
  attachments?: NoteAttachment[];
  /** Whether every note after the opening must be signed with its author's e.firma (default false). */
  requireSignature?: boolean;
  /** The account sending the command. */
  authorAccountId: string;
};

/** A note by the resident or the superintendent; an answer or a correction refers to an earlier note. */
export type WriteWorksLogNote = {
  type: 'WriteWorksLogNote';
  contractId: string;
  kind: string;
  text: string;
  refersTo?: number | null;
  progress?: Progress | null;
  attachments?: NoteAttachment[];
  confidential?: Confidentiality | null;
  /** The author's e.firma signature, already verified by the handler (certificate, chain, validity, RFC). */
  signature?: NoteSignature | null;
  authorAccountId: string;
};

/** The resident closes the log (with the contract's settlement, finiquito): nothing is written after it. */
export type CloseWorksLog = {
  type: 'CloseWorksLog';
  contractId: string;
  text: string;
  attachments?: NoteAttachment[];
  signature?: NoteSignature | null;
  authorAccountId: string;
};

export type WorksLogCommand = OpenWorksLog | WriteWorksLogNote | CloseWorksLog;
