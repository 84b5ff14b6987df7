import { createHash, randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable as ReadableStream } from 'node:stream';
import {
  DocumentBlobNotFound,
  DocumentTooLarge,
  type BlobInfo,
  type DocumentStore,
  type TempBlob,
} from '../store/document-store.port';

/** A store under test, made fresh for each test with this limit; `spoolDir`: where its temps go. */
export interface StoreUnderTest {
  store: DocumentStore;
  spoolDir: string;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

async function write(store: DocumentStore, bytes: Buffer): Promise<TempBlob> {
  const temp = await store.begin();
  await pipeline(ReadableStream.from([bytes]), temp.writable);
  return temp;
}

async function put(store: DocumentStore, bytes: Buffer): Promise<BlobInfo> {
  return store.commit(await write(store, bytes));
}

const temps = async (dir: string) => readdir(dir).catch(() => [] as string[]);

/**
 * What every DocumentStore adapter promises, run on each (filesystem, S3 against s3rver): content addressed,
 * stored once, read whole or by range, and nothing kept of an upload that was aborted or went past the limit.
 */
export function documentStoreConformance(name: string, make: (maxBytes: number) => Promise<StoreUnderTest>): void {
  describe(`DocumentStore conformance: ${name}`, () => {
    let subject: StoreUnderTest;
    let bytes: Buffer;

    beforeEach(async () => {
      subject = await make(10_000);
      // Other bytes in every test: a bucket may outlive one store.
      bytes = Buffer.from(`%PDF-1.7\n${randomUUID()}\n${'Anexo técnico de la licitación\n'.repeat(100)}`);
    });
    afterEach(() => subject.store.close());

    it('gives back the bytes it was given, under their SHA-256', async () => {
      const info = await put(subject.store, bytes);
      expect(info).toEqual({ sha256: sha256(bytes), size: bytes.length });
      expect(await subject.store.has(info.sha256)).toBe(true);
      expect(await subject.store.stat(info.sha256)).toEqual(info);
      expect(await readAll(await subject.store.open(info.sha256))).toEqual(bytes);
    });

    it('stores the same bytes once, and leaves no temp behind', async () => {
      const first = await put(subject.store, bytes);
      const second = await put(subject.store, bytes);
      expect(second).toEqual(first);
      expect(await readAll(await subject.store.open(first.sha256))).toEqual(bytes);
      expect(await temps(subject.spoolDir)).toEqual([]);
    });

    it('reads a byte range, both ends included', async () => {
      const { sha256: key } = await put(subject.store, bytes);
      expect(await readAll(await subject.store.open(key, { start: 5, end: 14 }))).toEqual(bytes.subarray(5, 15));
      const last = bytes.length - 1;
      expect(await readAll(await subject.store.open(key, { start: last, end: last }))).toEqual(bytes.subarray(last));
    });

    it('keeps nothing of an aborted upload', async () => {
      const temp = await write(subject.store, bytes);
      const { sha256: key } = await temp.written;
      await subject.store.abort(temp);
      await subject.store.abort(temp);
      expect(await subject.store.has(key)).toBe(false);
      expect(await temps(subject.spoolDir)).toEqual([]);
    });

    it('refuses the byte past the limit and keeps nothing of it', async () => {
      const tooLarge = Buffer.concat([bytes, Buffer.alloc(10_001 - bytes.length, 0x41)]);
      const temp = await subject.store.begin();
      await expect(pipeline(ReadableStream.from([tooLarge]), temp.writable)).rejects.toBeInstanceOf(DocumentTooLarge);
      await expect(temp.written).rejects.toBeInstanceOf(DocumentTooLarge);
      await subject.store.abort(temp);
      await expect(subject.store.commit(temp)).rejects.toBeInstanceOf(DocumentTooLarge);
      expect(await subject.store.has(sha256(tooLarge))).toBe(false);
      expect(await subject.store.has(sha256(tooLarge.subarray(0, 10_000)))).toBe(false);
      expect(await temps(subject.spoolDir)).toEqual([]);
    });

    it('accepts exactly the limit', async () => {
      const atLimit = Buffer.concat([bytes, Buffer.alloc(10_000 - bytes.length, 0x42)]);
      expect((await put(subject.store, atLimit)).size).toBe(10_000);
    });

    it('says which blob is missing, typed', async () => {
      const missing = sha256(Buffer.from('nunca subido'));
      expect(await subject.store.has(missing)).toBe(false);
      await expect(subject.store.stat(missing)).rejects.toBeInstanceOf(DocumentBlobNotFound);
      await expect(subject.store.open(missing)).rejects.toBeInstanceOf(DocumentBlobNotFound);
      await expect(subject.store.open('../../etc/passwd')).rejects.toBeInstanceOf(DocumentBlobNotFound);
    });

    it('sweeps only temps older than it is told', async () => {
      const temp = await write(subject.store, bytes);
      await temp.written;
      expect(await subject.store.sweep(60_000)).toBe(0);
      expect(await subject.store.sweep(0)).toBe(1);
      expect(await temps(subject.spoolDir)).toEqual([]);
    });
  });
}
