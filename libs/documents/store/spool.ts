import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DocumentTooLarge, type BlobInfo, type TempBlob } from './document-store.port';

/** A temp kept in a local file: where it is on disk. */
export interface SpooledBlob extends TempBlob {
  readonly path: string;
}

/** Hashes and counts the bytes going through; errors with DocumentTooLarge on the byte past `maxBytes`. */
class HashingLimit extends Transform {
  private readonly hash = createHash('sha256');
  size = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(new DocumentTooLarge(this.maxBytes));
    this.hash.update(chunk);
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * Temps as files of one folder (`<dir>/<uuid>`), written with fsync before `written` settles. Both adapters
 * spool here: the filesystem one links the file into place, the S3 one uploads it to its final key.
 */
export class Spool {
  constructor(
    readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  async begin(): Promise<SpooledBlob> {
    await mkdir(this.dir, { recursive: true });
    const id = randomUUID();
    const path = join(this.dir, id);
    const limit = new HashingLimit(this.maxBytes);
    const file = createWriteStream(path, { flags: 'wx', flush: true });
    const written: Promise<BlobInfo> = pipeline(limit, file).then(() => ({ sha256: limit.digest(), size: limit.size }));
    // The writer awaits `written`; this only keeps an unobserved failure from crashing the process.
    written.catch(() => undefined);
    return { id, path, writable: limit, written };
  }

  async remove(temp: TempBlob): Promise<void> {
    temp.writable.destroy();
    await temp.written.catch(() => undefined);
    await rm(join(this.dir, temp.id), { force: true });
  }

  async sweep(olderThanMs: number, now = Date.now()): Promise<number> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const path = join(this.dir, name);
      const info = await stat(path).catch(() => undefined);
      if (!info || now - info.mtimeMs < olderThanMs) continue;
      await rm(path, { force: true });
      removed += 1;
    }
    return removed;
  }
}
