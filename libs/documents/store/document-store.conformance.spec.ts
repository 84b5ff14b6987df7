import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentStoreConformance } from '../conformance/document-store.conformance';
import { startLocalS3, type LocalS3 } from '../testing/local-s3';
import { FilesystemDocumentStore } from './filesystem-document-store';
import { S3DocumentStore } from './s3-document-store';

let dirs: string[] = [];
const freshDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'licita-documents-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  dirs = [];
});

documentStoreConformance('filesystem', async (maxBytes) => {
  const dir = await freshDir();
  return { store: new FilesystemDocumentStore(dir, maxBytes), spoolDir: join(dir, 'tmp') };
});

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(() => s3?.stop());

documentStoreConformance('S3 (s3rver)', async (maxBytes) => {
  const spoolDir = join(await freshDir(), 'tmp');
  return { store: new S3DocumentStore(s3.config, spoolDir, maxBytes), spoolDir };
});
