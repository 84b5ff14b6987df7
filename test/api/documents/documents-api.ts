import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalS3, type LocalS3 } from '@licita/documents/testing/local-s3';
import { TenderingApi, type Party } from '../tendering/tendering-api';

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** A small but real-looking PDF (the sniffer only reads its start), unique per call unless `text` is given. */
export const aPdf = (text = `${Math.random()}`) =>
  Buffer.from(`%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n${'x'.repeat(2_000)}\n%%EOF\n`);

/** The problem code of a refusal. */
export const codeOf = async (response: Response) => ((await response.json()) as { code: string }).code;

export type StoreKind = 'filesystem' | 's3';

/** The API on a fresh database with documents kept in a temp folder, or in s3rver (started here). */
export class DocumentsWorld {
  private constructor(
    readonly world: TenderingApi,
    readonly dir: string,
    private readonly s3?: LocalS3,
  ) {}

  static async start(kind: StoreKind, env: Record<string, string> = {}): Promise<DocumentsWorld> {
    const dir = await mkdtemp(join(tmpdir(), 'licita-documents-e2e-'));
    const s3 = kind === 's3' ? await startLocalS3() : undefined;
    const world = await TenderingApi.start(undefined, undefined, {
      env: { DOCUMENTS_DIR: dir, ...(s3?.env ?? {}), ...env },
    });
    return new DocumentsWorld(world, dir, s3);
  }

  get url(): string {
    return this.world.api.api.url;
  }

  async token(party?: Party): Promise<string | undefined> {
    return party ? this.world.api.login(party.email) : undefined;
  }

  /** POST /api/documents with `files` (name → bytes) as multipart/form-data. */
  async upload(
    party: Party | undefined,
    files: Array<{ name: string; bytes: Buffer; type?: string }>,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any }> {
    const form = new FormData();
    for (const file of files)
      form.append('file', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name);
    const token = await this.token(party);
    const response = await fetch(`${this.url}/api/documents`, {
      method: 'POST',
      body: form,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  }

  async get(party: Party | undefined, path: string, headers: Record<string, string> = {}): Promise<Response> {
    const token = await this.token(party);
    return fetch(`${this.url}${path}`, {
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    });
  }

  async close(): Promise<void> {
    await this.world.close();
    await this.s3?.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
