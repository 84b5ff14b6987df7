import type { Confidentiality, NoteAttachment, Progress } from './works-log.types';

/**
 * Notes signed with the author's e.firma. The browser signs before it submits, so it signs what it can compute
 * then: the note's content (as the server stores it) and the head of the chain it read. The message is
 * `licita|works-log-note|<contractId>|<number>|<previousHash>|<contentHash>` (UTF-8, RSASSA-PKCS1-v1_5 with
 * SHA-256), where `number` is the number the note will get if the log has not moved on, `previousHash` the hash of
 * the note before it, and `contentHash` the SHA-256 of the canonical JSON of `signedNoteContent`. If another
 * note was written in between, the note would get another number and previous hash: the server refuses it with
 * 409 `works_log.log_moved_on` and the client re-reads the log and signs again. So a signature binds the note to
 * its place in the chain, and the note's hash (which covers the signature) binds the signature to the chain.
 *
 * No Node imports here: the web app (apps/web/src/efirma.ts) uses this very file, so both compute one message.
 */
export const NOTE_SIGNING_ALGORITHM = 'RSASSA-PKCS1-v1_5/SHA-256';

/** What a note's signature covers: everything the author chooses, as the decider stores it. */
export type SignedNoteContent = {
  contractId: string;
  kind: string;
  text: string;
  refersTo: number | null;
  progress: Progress | null;
  attachments: NoteAttachment[];
  confidential: Confidentiality | null;
};

/** The content as stored: text and titles trimmed, absent fields null, attachments with their five fields only. */
export function signedNoteContent(note: {
  contractId: string;
  kind: string;
  text: string;
  refersTo?: number | null;
  progress?: Progress | null;
  attachments?: NoteAttachment[] | null;
  confidential?: Confidentiality | null;
}): SignedNoteContent {
  return {
    contractId: note.contractId,
    kind: note.kind,
    text: typeof note.text === 'string' ? note.text.trim() : note.text,
    refersTo: note.refersTo ?? null,
    progress: note.progress ? { physicalBp: note.progress.physicalBp, financialBp: note.progress.financialBp } : null,
    attachments: (note.attachments ?? []).map(({ documentId, title, fileName, mediaType, sha256 }) => ({
      documentId,
      title: typeof title === 'string' ? title.trim() : title,
      fileName,
      mediaType,
      sha256,
    })),
    confidential: note.confidential
      ? {
          legalBasis:
            typeof note.confidential.legalBasis === 'string'
              ? note.confidential.legalBasis.trim()
              : note.confidential.legalBasis,
        }
      : null,
  };
}

/** The place in the chain a signature is for: the note's number and the hash of the note before it. */
export const noteSigningPrefix = (contractId: string, number: number, previousHash: string | null): string =>
  `licita|works-log-note|${contractId}|${number}|${previousHash ?? ''}|`;

export const noteSigningMessage = (
  contractId: string,
  number: number,
  previousHash: string | null,
  contentHash: string,
): string => `${noteSigningPrefix(contractId, number, previousHash)}${contentHash}`;

/** Who signed, as the certificate says (the verifier's record). `serialNumber` is the certificate's, in hex. */
export type NoteSigner = {
  name: string;
  rfc: string;
  serialNumber: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  certificateSha256: string;
};

/**
 * A verified e.firma signature of a note, as the event records it: the message, the signature and the
 * certificate (base64 DER) so anyone who reads the note in full can verify it again, the signer, and what was
 * checked when. A refused signature is never recorded: the note is refused with the reason.
 */
export type NoteSignature = {
  algorithm: typeof NOTE_SIGNING_ALGORITHM;
  message: string;
  signature: string;
  certificate: string;
  signer: NoteSigner;
  verification: {
    outcome: 'valid';
    verifiedAt: string;
    trustedIssuer: string;
    checks: ReadonlyArray<'signature' | 'chain' | 'validity' | 'key_usage' | 'rfc'>;
  };
};

/** What a client sends to sign a note: certificate and signature in base64, and the head it signed over. */
export type NoteEfirmaInput = { certificate: string; signature: string; number: number; previousHash: string | null };

/** A person's RFC has 13 characters (4 letters), a company's 12 (3 letters): a resident signs as a person. */
export const isPersonRfc = (rfc: string): boolean => /^[A-ZÑ&]{4}\d{6}[A-Z\d]{3}$/.test(rfc);
