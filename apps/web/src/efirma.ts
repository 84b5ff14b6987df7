/**
 * e.firma in the browser: the supplier's `.cer` and `.key` are read here, the key is decrypted with its password
 * and imported into WebCrypto as non-extractable, and the proposal's commitment is signed. The key never leaves
 * the browser: the submission carries only the certificate and the signature.
 *
 * The commitment is the server's (libs/tendering/domain/sealing.ts): SHA-256 of the canonical JSON of the proposal
 * as the server normalizes it (libs/tendering/domain/proposal-content.ts), with a salt and proposal id the browser
 * chooses and sends. The message signed is the server's too (libs/tendering/domain/efirma.ts). No DOM here but
 * WebCrypto, so the same code runs under Node in the tests (test/api/tendering/signed-proposals.e2e-spec.ts).
 */
import forge from 'node-forge';
import { canonicalJson } from '../../../libs/shared/canonical-json';
import {
  noteSigningMessage,
  signedNoteContent,
  type NoteEfirmaInput,
} from '../../../libs/works-log/domain/works-log.signing';

export type SignedProposalInput = {
  tenderId: string;
  proposalId: string;
  supplierId: string;
  currency: string;
  lots: Array<{ lotId: string; amount: number; items: Array<{ itemId: string; unitPrice: number }> }>;
  documents: Array<{
    documentId: string;
    kind: string;
    title: string;
    fileName: string;
    mediaType: string;
    sha256: string;
  }>;
  salt: string;
};

/** The lots of the tender, in its order: the server writes each offer's items in the lot's order. */
export type TenderLots = Array<{ lotId: string; items: Array<{ itemId: string }> }>;

/** What goes into the submission's body: `salt`, `proposalId` and `efirma`. */
export type EfirmaSubmission = { salt: string; proposalId: string; efirma: { certificate: string; signature: string } };

export class EfirmaError extends Error {
  constructor(readonly reason: 'wrong_password' | 'unreadable_key' | 'unreadable_certificate') {
    super(reason);
  }
}

/** 128 random bits in lowercase hex, as the server's own salts. */
export function randomSalt(): string {
  return hex(crypto.getRandomValues(new Uint8Array(16)));
}

/** The proposal as the server seals it (its normalized content), so both compute the same commitment. */
export function sealedContent(input: SignedProposalInput, tenderLots: TenderLots): SignedProposalInput {
  return {
    tenderId: input.tenderId,
    proposalId: input.proposalId,
    supplierId: input.supplierId,
    currency: input.currency,
    lots: input.lots.map((offer) => {
      const prices = new Map(offer.items.map((item) => [item.itemId, item.unitPrice]));
      const lot = tenderLots.find((l) => l.lotId === offer.lotId);
      const items = lot ? lot.items.map(({ itemId }) => ({ itemId, unitPrice: prices.get(itemId) as number })) : [];
      return { lotId: offer.lotId, amount: offer.amount, items };
    }),
    documents: input.documents.map((doc) => ({
      ...doc,
      title: doc.title.trim(),
      fileName: doc.fileName.trim(),
      mediaType: doc.mediaType.trim(),
      sha256: doc.sha256.trim().toLowerCase(),
    })),
    salt: input.salt,
  };
}

/** Lowercase hex SHA-256 of the canonical JSON: the commitment of the receipt. */
export async function commitmentOf(content: unknown): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(canonicalJson(content)))));
}

export const signingMessage = (tenderId: string, proposalId: string, commitment: string): string =>
  `licita|proposal|${tenderId}|${proposalId}|${commitment}`;

/**
 * The `.key` (PKCS#8 DER encrypted with the password: PBES2, or pbeWithSHAAnd3-KeyTripleDES-CBC on older SAT
 * keys) as a non-extractable WebCrypto signing key.
 */
export async function importKeyFile(keyFile: Uint8Array, password: string) {
  let decrypted: forge.asn1.Asn1 | null;
  try {
    const encrypted = forge.asn1.fromDer(forge.util.createBuffer(binary(keyFile)));
    decrypted = forge.pki.decryptPrivateKeyInfo(encrypted, password);
  } catch {
    throw new EfirmaError(keyFile.length > 0 ? 'wrong_password' : 'unreadable_key');
  }
  if (!decrypted) throw new EfirmaError('wrong_password');
  const pkcs8 = bytes(forge.asn1.toDer(decrypted).getBytes());
  try {
    return await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, [
      'sign',
    ]);
  } catch {
    throw new EfirmaError('unreadable_key');
  }
}

/**
 * Signs a proposal: its commitment computed as the server will, the message signed with the supplier's key.
 * Returns the fields to add to the submission's body.
 */
export async function signProposal(args: {
  proposal: Omit<SignedProposalInput, 'salt'> & { salt?: string };
  tenderLots: TenderLots;
  certificate: Uint8Array;
  keyFile: Uint8Array;
  password: string;
}): Promise<EfirmaSubmission & { commitment: string }> {
  if (args.certificate.length === 0 || args.certificate[0] !== 0x30) throw new EfirmaError('unreadable_certificate');
  const key = await importKeyFile(args.keyFile, args.password);
  const salt = args.proposal.salt ?? randomSalt();
  const content = sealedContent({ ...args.proposal, salt }, args.tenderLots);
  const commitment = await commitmentOf(content);
  const message = signingMessage(content.tenderId, content.proposalId, commitment);
  const signature = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, utf8(message)));
  return {
    salt,
    proposalId: content.proposalId,
    commitment,
    efirma: { certificate: base64(args.certificate), signature: base64(signature) },
  };
}

/**
 * Signs a note of a works log (bitácora): the SHA-256 of its content as the server stores it
 * (libs/works-log/domain/works-log.signing.ts) at the place the author read, the next number after the log's
 * last note and its head hash. If someone writes in between, the server answers 409 `works_log.log_moved_on`:
 * read the log again and sign again. Returns the `efirma` field of the note's body.
 */
export async function signWorksLogNote(args: {
  note: Parameters<typeof signedNoteContent>[0];
  number: number;
  previousHash: string | null;
  certificate: Uint8Array;
  keyFile: Uint8Array;
  password: string;
}): Promise<NoteEfirmaInput> {
  if (args.certificate.length === 0 || args.certificate[0] !== 0x30) throw new EfirmaError('unreadable_certificate');
  const key = await importKeyFile(args.keyFile, args.password);
  const contentHash = await commitmentOf(signedNoteContent(args.note));
  const message = noteSigningMessage(args.note.contractId, args.number, args.previousHash, contentHash);
  const signature = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, utf8(message)));
  return {
    certificate: base64(args.certificate),
    signature: base64(signature),
    number: args.number,
    previousHash: args.previousHash,
  };
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = (data: Uint8Array) => Array.from(data, (b) => b.toString(16).padStart(2, '0')).join('');
const binary = (data: Uint8Array) => Array.from(data, (b) => String.fromCharCode(b)).join('');
const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const base64 = (data: Uint8Array) => btoa(binary(data));
