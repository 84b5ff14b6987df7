import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OpeningStream, SealingStream, readSealedFacts, readSealedHeader, trailerLength } from './sealed-files';

const MASTER = randomBytes(32);
const IDS = { tenderId: 'tender-1', documentId: 'document-1' };
const DESCRIBED = () => ({ mediaType: 'application/pdf', fileName: 'propuesta técnica.pdf' });

async function collect(source: Readable, through: NodeJS.ReadWriteStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(source, through, async (input: AsyncIterable<Buffer | string>) => {
    for await (const chunk of input) chunks.push(Buffer.from(chunk));
  });
  return Buffer.concat(chunks);
}

/** A readable that gives `bytes` in chunks of `size`, as an upload arrives. */
const chunked = (bytes: Buffer, size = 7_919) =>
  Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
    })(),
  );

async function seal(clear: Buffer) {
  const sealing = new SealingStream(MASTER, IDS, DESCRIBED);
  const sealed = await collect(chunked(clear), sealing);
  return { sealed, facts: sealing.facts() };
}

const open = (sealed: Buffer, master = MASTER, ids = IDS) =>
  collect(chunked(sealed, 65_537), new OpeningStream(master, ids));

describe('sealed proposal files (envelope encryption)', () => {
  const clear = randomBytes(300_000);

  it('seals a file into ciphertext that does not contain it, and opens it back byte for byte', async () => {
    const { sealed, facts } = await seal(clear);
    expect(facts).toEqual({
      sha256: createHash('sha256').update(clear).digest('hex'),
      size: clear.length,
      mediaType: 'application/pdf',
      fileName: 'propuesta técnica.pdf',
    });
    expect(sealed.includes(clear.subarray(1000, 1032))).toBe(false);
    expect((await open(sealed)).equals(clear)).toBe(true);
  });

  it('keeps the name and hash of the file out of the clear header, and gives them back with the master key', async () => {
    const { sealed, facts } = await seal(clear);
    const { header } = readSealedHeader(sealed.subarray(0, 4096));
    expect(JSON.stringify(header)).not.toContain(facts.sha256);
    expect(JSON.stringify(header)).not.toContain('propuesta');
    const end = sealed.subarray(sealed.length - 4096);
    expect(trailerLength(end)).toBeLessThan(1024);
    expect(readSealedFacts(MASTER, sealed.subarray(0, 4096), end, IDS)).toEqual(facts);
  });

  it('seals the same bytes differently each time (a fresh data key per file)', async () => {
    const [a, b] = await Promise.all([seal(clear), seal(clear)]);
    expect(a.sealed.equals(b.sealed)).toBe(false);
    expect(a.facts.sha256).toBe(b.facts.sha256);
  });

  it('seals an empty file', async () => {
    const { sealed, facts } = await seal(Buffer.alloc(0));
    expect(facts.size).toBe(0);
    expect((await open(sealed)).length).toBe(0);
  });

  it('does not open with another master key, or under another tender or document', async () => {
    const { sealed } = await seal(clear);
    await expect(open(sealed, randomBytes(32))).rejects.toMatchObject({ code: 'sealing.cannot_open' });
    await expect(open(sealed, MASTER, { ...IDS, tenderId: 'tender-2' })).rejects.toMatchObject({
      code: 'sealing.cannot_open',
    });
    await expect(open(sealed, MASTER, { ...IDS, documentId: 'document-2' })).rejects.toMatchObject({
      code: 'sealing.cannot_open',
    });
  });

  it('refuses a file with any changed byte: in the header, the ciphertext, the tag or the trailer', async () => {
    const { sealed } = await seal(clear);
    const { dataOffset } = readSealedHeader(sealed);
    const trailer = trailerLength(sealed);
    for (const at of [10, dataOffset + 5, dataOffset + 150_000, sealed.length - trailer - 3, sealed.length - 20]) {
      const altered = Buffer.from(sealed);
      altered[at] ^= 0x01;
      await expect(open(altered)).rejects.toMatchObject({ code: 'sealing.cannot_open' });
    }
  });

  it('refuses a truncated file', async () => {
    const { sealed } = await seal(clear);
    await expect(open(sealed.subarray(0, sealed.length - 100))).rejects.toMatchObject({ code: 'sealing.cannot_open' });
    await expect(open(sealed.subarray(0, 6))).rejects.toMatchObject({ code: 'sealing.cannot_open' });
  });
});
