import { createReadStream } from 'node:fs';
import { link, mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  blobKey,
  DocumentBlobNotFound,
  type BlobInfo,
  type ByteRange,
  type DocumentStore,
  type TempBlob,
} from './document-store.port';
import { Spool, type SpooledBlob } from './spool';

/**
 * Blobs as files under `dir` (`blobs/ab/ab12…`), temps in `dir/tmp`. A temp is fsynced, then hard-linked to
 * its final name: the link appears whole or not at all, and an existing blob (the same bytes) is kept.
 */
export class FilesystemDocumentStore implements DocumentStore {
  private readonly spool: Spool;

  constructor(
    private readonly dir: string,
    maxBytes: number,
  ) {
    this.spool = new Spool(join(dir, 'tmp'), maxBytes);
  }

  begin(): Promise<SpooledBlob> {
    return this.spool.begin();
  }

  async commit(temp: TempBlob): Promise<BlobInfo> {
    const info = await temp.written;
    const final = join(this.dir, blobKey(info.sha256));
    await mkdir(dirname(final), { recursive: true });
    try {
      await link(join(this.spool.dir, temp.id), final);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    await this.spool.remove(temp);
    return info;
  }

  abort(temp: TempBlob): Promise<void> {
    return this.spool.remove(temp);
  }

  async open(sha256: string, range?: ByteRange): Promise<Readable> {
    const path = await this.existing(sha256);
    return createReadStream(path, range ? { start: range.start, end: range.end } : {});
  }

  async stat(sha256: string): Promise<BlobInfo> {
    const info = await stat(await this.existing(sha256));
    return { sha256, size: info.size };
  }

  has(sha256: string): Promise<boolean> {
    return this.existing(sha256).then(
      () => true,
      () => false,
    );
  }

  sweep(olderThanMs: number): Promise<number> {
    return this.spool.sweep(olderThanMs);
  }

  async close(): Promise<void> {}

  private async existing(sha256: string): Promise<string> {
    const path = join(this.dir, blobKey(sha256));
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw new DocumentBlobNotFound(sha256);
    return path;
  }
}
