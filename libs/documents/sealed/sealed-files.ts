import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  type CipherGCM,
  type DecipherGCM,
} from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DomainError, invalid } from '@licita/shared';

/**
 * Sealed proposal files: envelope encryption of a supplier's technical and economic files before their bytes reach
 * the document store (issue #17). Each file gets its own random AES-256-GCM data key; that key is stored wrapped
 * (AES-256-GCM under the platform's master key, LICITA_MASTER_KEY), bound to the tender and the document as
 * additional data, in the file's own header. The store and the database therefore hold only ciphertext and a
 * wrapped key: neither a store reader nor a database reader can open a file, and a blob copied under another
 * tender or document does not open. Only the application, holding the master key, unwraps, and it does so only
 * after the opening act (or for the supplier who sealed it).
 *
 * Layout of a sealed file (all lengths big-endian):
 *   "LCSF" · version 1 · u16 header length · header (JSON: ids, master key id, wrapped key, data IV)
 *   · ciphertext of the file · 16-byte GCM tag of the file
 *   · trailer box (AES-GCM under the data key: the file's SHA-256, size, media type and name)
 *   · u32 trailer length · "LCSF"
 * The trailer comes last because the file's hash and size are known only once it has streamed through; it can be
 * read with one ranged read of the end of the blob.
 */

/** AES-256-GCM: 32-byte keys, 12-byte IVs (as for the sealed proposals' contents). */
const KEY_BYTES = 32;
const IV_BYTES = 12;
const MAGIC = Buffer.from('LCSF', 'ascii');
const VERSION = 1;
const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';

export type SealedFileIds = { tenderId: string; documentId: string };

/** What the trailer says of the clear file: checked at the proposal's submission, revealed at the opening. */
export type SealedFileFacts = { sha256: string; size: number; mediaType: string; fileName: string };

type Header = {
  v: number;
  alg: typeof ALGORITHM;
  tenderId: string;
  documentId: string;
  masterKeyId: string;
  wrap: { iv: string; tag: string; key: string };
  dataIv: string;
};

/** The master key's id: the first 16 hex digits of its SHA-256 (as for the tender keys). */
export const masterKeyIdOf = (masterKey: Buffer): string =>
  createHash('sha256').update(masterKey).digest('hex').slice(0, 16);

const wrapAad = (ids: SealedFileIds) => Buffer.from(`licita sealed file key|${ids.tenderId}|${ids.documentId}`);
const dataAad = (ids: SealedFileIds) => Buffer.from(`licita sealed file|${ids.tenderId}|${ids.documentId}`);
const trailerAad = (ids: SealedFileIds) => Buffer.from(`licita sealed file facts|${ids.tenderId}|${ids.documentId}`);

function checkMasterKey(masterKey: Buffer): void {
  if (masterKey.length !== KEY_BYTES) throw new Error(`the master key must be ${KEY_BYTES} bytes`);
}

function gcmSeal(key: Buffer, aad: Buffer, plaintext: Buffer): { iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

function gcmOpen(key: Buffer, aad: Buffer, iv: Buffer, tag: Buffer, ciphertext: Buffer): Buffer {
  const decipher = createDecipheriv(ALGORITHM, key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

const cannotOpen = (ids: Partial<SealedFileIds>, why: string) =>
  invalid('sealing.cannot_open', `the sealed file cannot be opened: ${why}`, { documentId: ids.documentId });

/**
 * A Transform that seals the clear bytes written to it. `facts()` (after 'end') gives the clear file's SHA-256
 * and size; the media type and name are decided by the caller as the first bytes pass (`describe`), so that the
 * trailer can hold them.
 */
export class SealingStream extends Transform {
  private readonly cipher: CipherGCM;
  private readonly dataKey = randomBytes(KEY_BYTES);
  private readonly hash = createHash('sha256');
  private size = 0;
  private headerSent = false;
  private sealedFacts?: SealedFileFacts;

  constructor(
    private readonly masterKey: Buffer,
    private readonly ids: SealedFileIds,
    private readonly describe: () => { mediaType: string; fileName: string },
  ) {
    super();
    checkMasterKey(masterKey);
    const dataIv = randomBytes(IV_BYTES);
    this.cipher = createCipheriv(ALGORITHM, this.dataKey, dataIv);
    this.cipher.setAAD(dataAad(ids));
    const wrap = gcmSeal(masterKey, wrapAad(ids), this.dataKey);
    this.header = {
      v: VERSION,
      alg: ALGORITHM,
      tenderId: ids.tenderId,
      documentId: ids.documentId,
      masterKeyId: masterKeyIdOf(masterKey),
      wrap: {
        iv: wrap.iv.toString('base64'),
        tag: wrap.tag.toString('base64'),
        key: wrap.ciphertext.toString('base64'),
      },
      dataIv: dataIv.toString('base64'),
    };
  }

  private readonly header: Header;

  /** The clear file's facts, once the stream has ended. */
  facts(): SealedFileFacts {
    if (!this.sealedFacts) throw new Error('the sealed file has not ended yet');
    return this.sealedFacts;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.headerSent) this.pushHeader();
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, this.cipher.update(chunk));
  }

  override _flush(callback: TransformCallback): void {
    if (!this.headerSent) this.pushHeader();
    this.push(this.cipher.final());
    this.push(this.cipher.getAuthTag());
    this.sealedFacts = { sha256: this.hash.digest('hex'), size: this.size, ...this.describe() };
    const box = gcmSeal(this.dataKey, trailerAad(this.ids), Buffer.from(JSON.stringify(this.sealedFacts), 'utf8'));
    const trailer = Buffer.concat([box.iv, box.tag, box.ciphertext]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(trailer.length);
    this.dataKey.fill(0);
    callback(null, Buffer.concat([trailer, length, MAGIC]));
  }

  private pushHeader(): void {
    this.headerSent = true;
    const json = Buffer.from(JSON.stringify(this.header), 'utf8');
    const prefix = Buffer.alloc(MAGIC.length + 3);
    MAGIC.copy(prefix);
    prefix.writeUInt8(VERSION, MAGIC.length);
    prefix.writeUInt16BE(json.length, MAGIC.length + 1);
    this.push(Buffer.concat([prefix, json]));
  }
}

/** The parsed start of a sealed file: its header and where the ciphertext begins. */
export function readSealedHeader(start: Buffer): { header: Header; dataOffset: number } {
  if (start.length < MAGIC.length + 3 || !start.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw cannotOpen({}, 'not a sealed file');
  }
  if (start.readUInt8(MAGIC.length) !== VERSION) throw cannotOpen({}, 'unknown version');
  const length = start.readUInt16BE(MAGIC.length + 1);
  const dataOffset = MAGIC.length + 3 + length;
  if (start.length < dataOffset) throw cannotOpen({}, 'truncated header');
  const header = JSON.parse(start.subarray(MAGIC.length + 3, dataOffset).toString('utf8')) as Header;
  return { header, dataOffset };
}

/** How many bytes at the end of a sealed file hold the trailer (its box, its length and the magic). */
export function trailerLength(end: Buffer): number {
  if (end.length < 8 || !end.subarray(end.length - MAGIC.length).equals(MAGIC)) {
    throw cannotOpen({}, 'no trailer');
  }
  return end.readUInt32BE(end.length - 8) + 8;
}

/** The clear data key of a sealed file, checked against the ids it must belong to. */
export function unwrapFileKey(masterKey: Buffer, header: Header, ids: SealedFileIds): Buffer {
  checkMasterKey(masterKey);
  if (header.tenderId !== ids.tenderId || header.documentId !== ids.documentId) {
    throw cannotOpen(ids, 'it belongs to another tender or document');
  }
  if (header.masterKeyId !== masterKeyIdOf(masterKey)) {
    throw cannotOpen(ids, `it was sealed under master key ${header.masterKeyId}`);
  }
  try {
    const { iv, tag, key } = header.wrap;
    const b64 = (s: string) => Buffer.from(s, 'base64');
    return gcmOpen(masterKey, wrapAad(ids), b64(iv), b64(tag), b64(key));
  } catch {
    throw cannotOpen(ids, 'its key does not unwrap');
  }
}

/** The clear facts in a sealed file's trailer (`trailer` is the end of the blob, at least `trailerLength` bytes). */
export function readSealedFacts(masterKey: Buffer, start: Buffer, end: Buffer, ids: SealedFileIds): SealedFileFacts {
  const { header } = readSealedHeader(start);
  const key = unwrapFileKey(masterKey, header, ids);
  const box = end.subarray(end.length - trailerLength(end), end.length - 8);
  try {
    const clear = gcmOpen(
      key,
      trailerAad(ids),
      box.subarray(0, IV_BYTES),
      box.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
      box.subarray(IV_BYTES + TAG_BYTES),
    );
    return JSON.parse(clear.toString('utf8')) as SealedFileFacts;
  } catch {
    throw cannotOpen(ids, 'its trailer was altered');
  }
}

/**
 * A Transform that takes a whole sealed file and gives back the clear bytes. GCM authenticates only at the end:
 * the last chunk is held back until the tag has checked, and an altered file ends the stream with
 * `sealing.cannot_open` instead of completing, and with the clear SHA-256 checked against the trailer's.
 */
export class OpeningStream extends Transform {
  private pending = Buffer.alloc(0);
  private decipher?: DecipherGCM;
  private key?: Buffer;
  private readonly hash = createHash('sha256');

  constructor(
    private readonly masterKey: Buffer,
    private readonly ids: SealedFileIds,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.pending = Buffer.concat([this.pending, chunk]);
      if (!this.decipher && !this.start()) return callback();
      // Keep back enough for the tag and the longest trailer we accept (its length is read at the end).
      const keep = TAG_BYTES + 64 * 1024;
      if (this.pending.length <= keep) return callback();
      const ready = this.pending.subarray(0, this.pending.length - keep);
      this.pending = this.pending.subarray(this.pending.length - keep);
      const clear = this.decipher!.update(ready);
      this.hash.update(clear);
      callback(null, clear);
    } catch (error) {
      callback(error instanceof DomainError ? error : cannotOpen(this.ids, 'it was altered'));
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (!this.decipher && !this.start()) throw cannotOpen(this.ids, 'truncated header');
      const trailerBytes = trailerLength(this.pending);
      const body = this.pending.subarray(0, this.pending.length - trailerBytes);
      const tag = body.subarray(body.length - TAG_BYTES);
      this.decipher!.setAuthTag(tag);
      const clear = Buffer.concat([
        this.decipher!.update(body.subarray(0, body.length - TAG_BYTES)),
        this.decipher!.final(),
      ]);
      this.hash.update(clear);
      const facts = readSealedFacts(this.masterKey, this.headerBytes!, this.pending, this.ids);
      if (facts.sha256 !== this.hash.digest('hex')) throw cannotOpen(this.ids, 'its bytes do not hash to its trailer');
      callback(null, clear);
    } catch (error) {
      callback(error instanceof DomainError ? error : cannotOpen(this.ids, 'it was altered'));
    } finally {
      this.key?.fill(0);
    }
  }

  private headerBytes?: Buffer;

  private start(): boolean {
    if (this.pending.length < MAGIC.length + 3) return false;
    const length = this.pending.readUInt16BE(MAGIC.length + 1);
    if (this.pending.length < MAGIC.length + 3 + length) return false;
    const { header, dataOffset } = readSealedHeader(this.pending);
    this.headerBytes = Buffer.from(this.pending.subarray(0, dataOffset));
    this.key = unwrapFileKey(this.masterKey, header, this.ids);
    this.decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(header.dataIv, 'base64'));
    this.decipher.setAAD(dataAad(this.ids));
    this.pending = this.pending.subarray(dataOffset);
    return true;
  }
}
