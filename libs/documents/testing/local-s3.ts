import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3StoreConfig } from '../store/s3-document-store';

/** An S3-compatible server for tests (s3rver), on a free port, its objects in a temp folder. */
export interface LocalS3 {
  config: S3StoreConfig;
  /** DOCUMENTS_* variables that point the API at it. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export const LOCAL_S3_BUCKET = 'licita-documents';

export async function startLocalS3(): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 'licita-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: LOCAL_S3_BUCKET }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const config: S3StoreConfig = {
    endpoint,
    bucket: LOCAL_S3_BUCKET,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  };
  return {
    config,
    env: {
      DOCUMENTS_STORE: 's3',
      DOCUMENTS_S3_ENDPOINT: endpoint,
      DOCUMENTS_S3_BUCKET: LOCAL_S3_BUCKET,
      DOCUMENTS_S3_REGION: 'us-east-1',
      DOCUMENTS_S3_ACCESS_KEY_ID: 'S3RVER',
      DOCUMENTS_S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
