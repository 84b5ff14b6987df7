import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  blobKey,
  DocumentBlobNotFound,
  type BlobInfo,
  type ByteRange,
  type DocumentStore,
  type TempBlob,
} from './document-store.port';
import { Spool, type SpooledBlob } from './spool';

export interface S3StoreConfig {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

/**
 * Blobs as objects of an S3-compatible bucket (path-style, so MinIO and the like work). A temp is spooled to a
 * local file (`spoolDir`) while it is hashed; only then is it uploaded, with its final key and known length, in
 * one PutObject, which S3 makes visible whole or not at all. A blob already there is not uploaded again.
 */
export class S3DocumentStore implements DocumentStore {
  private readonly client: S3Client;
  private readonly spool: Spool;

  constructor(
    private readonly config: S3StoreConfig,
    spoolDir: string,
    maxBytes: number,
  ) {
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: true,
      // Plain bodies: the SDK's default aws-chunked checksums are not understood by every S3-compatible server.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(config.accessKeyId && config.secretAccessKey
        ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }
        : {}),
    });
    this.spool = new Spool(spoolDir, maxBytes);
  }

  begin(): Promise<SpooledBlob> {
    return this.spool.begin();
  }

  async commit(temp: TempBlob): Promise<BlobInfo> {
    const info = await temp.written;
    if (!(await this.has(info.sha256))) {
      const path = join(this.spool.dir, temp.id);
      const { size } = await stat(path);
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.config.bucket,
          Key: blobKey(info.sha256),
          Body: createReadStream(path),
          ContentLength: size,
          ContentType: 'application/octet-stream',
        }),
      );
    }
    await this.spool.remove(temp);
    return info;
  }

  abort(temp: TempBlob): Promise<void> {
    return this.spool.remove(temp);
  }

  async open(sha256: string, range?: ByteRange): Promise<Readable> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({
          Bucket: this.config.bucket,
          Key: blobKey(sha256),
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      );
      return answer.Body as Readable;
    } catch (error) {
      throw notFoundOr(error, sha256);
    }
  }

  async stat(sha256: string): Promise<BlobInfo> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: blobKey(sha256) }));
      return { sha256, size: Number(head.ContentLength ?? 0) };
    } catch (error) {
      throw notFoundOr(error, sha256);
    }
  }

  has(sha256: string): Promise<boolean> {
    return this.stat(sha256).then(
      () => true,
      (error: unknown) => {
        if (error instanceof DocumentBlobNotFound) return false;
        throw error;
      },
    );
  }

  sweep(olderThanMs: number): Promise<number> {
    return this.spool.sweep(olderThanMs);
  }

  close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }
}

function notFoundOr(error: unknown, sha256: string): unknown {
  if (error instanceof DocumentBlobNotFound) return error;
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404)
    return new DocumentBlobNotFound(sha256);
  return error;
}
