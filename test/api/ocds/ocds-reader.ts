import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { OcdsValidator } from '@licita/transparency/ocds/validation/ocds-validator';
import { eventually } from '../register/register-api';
import type { TenderingApi } from '../tendering/tendering-api';

/**
 * Reads a running API's OCDS output over HTTP and checks it against the official schemas: every page of the
 * feed, every release by id, every record, and the bulk download in each format. Any e2e world can use it:
 * `await new OcdsReader(world).validEverything()` after its procedures.
 */
export type Raw = { status: number; headers: Headers; text: string; bytes: Buffer };

export class OcdsReader {
  static readonly validator = OcdsValidator.load();

  constructor(private readonly world: TenderingApi) {}

  get ocidPrefix(): string {
    return this.world.api.api.config.ocidPrefix;
  }

  ocid = (tenderId: string) => `${this.ocidPrefix}${tenderId}`;

  /** Waits until the `ocds` projection has applied the whole log. */
  async caughtUp(): Promise<void> {
    await eventually(
      'the ocds projection caught up',
      async () => (await this.world.api.projections.status()).find((p) => p.name === 'ocds')?.lag === 0,
    );
  }

  /** A GET as sent on the wire (no automatic decompression, unlike fetch): gzip bodies are unzipped here. */
  async raw(path: string, headers: Record<string, string> = {}): Promise<Raw> {
    const {
      status,
      headers: received,
      bytes,
    } = await new Promise<{ status: number; headers: Headers; bytes: Buffer }>((done, fail) => {
      const sent = request(
        `${this.world.api.url}${path}`,
        { headers: { 'Accept-Encoding': 'identity', ...headers } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const all = new Headers();
            for (const [name, value] of Object.entries(response.headers))
              if (typeof value === 'string') all.set(name, value);
            done({ status: response.statusCode ?? 0, headers: all, bytes: Buffer.concat(chunks) });
          });
          response.on('error', fail);
        },
      );
      sent.on('error', fail);
      sent.end();
    });
    const gzipped = received.get('content-encoding') === 'gzip' || received.get('content-type') === 'application/gzip';
    return { status, headers: received, bytes, text: (gzipped ? gunzipSync(bytes) : bytes).toString('utf8') };
  }

  async json(path: string): Promise<any> {
    const reply = await this.raw(path);
    if (reply.status !== 200) throw new Error(`GET ${path}: ${reply.status} ${reply.text}`);
    return JSON.parse(reply.text);
  }

  /** The record package of a tender, once the projection is caught up. */
  async record(tenderId: string): Promise<any> {
    await this.caughtUp();
    const reply = await this.raw(`/api/ocds/records/${encodeURIComponent(this.ocid(tenderId))}`);
    if (reply.status !== 200) throw new Error(`no record for ${tenderId}: ${reply.status} ${reply.text}`);
    return expectValid('record package', OcdsReader.validator.validateRecordPackage, JSON.parse(reply.text));
  }

  /** The releases of a tender, oldest first. */
  releasesOf = async (tenderId: string): Promise<any[]> => (await this.record(tenderId)).records[0].releases;

  /** The latest release of a tender. */
  latest = async (tenderId: string): Promise<any> => (await this.releasesOf(tenderId)).at(-1);

  /** Every page of the feed from the start, following `links.next` until a page comes back empty. */
  async feed(limit = 100): Promise<{ pages: any[]; releases: any[] }> {
    await this.caughtUp();
    const pages: any[] = [];
    let path = `/api/ocds/releases?limit=${limit}`;
    for (;;) {
      const page = await this.json(path);
      if (page.releases.length === 0) break;
      pages.push(expectValid('release package', OcdsReader.validator.validateReleasePackage, page));
      const next = new URL(page.links.next);
      path = next.pathname + next.search;
    }
    return { pages, releases: pages.flatMap((page) => page.releases) };
  }

  /**
   * Every OCDS output, each validated against the schemas: feed pages, each release by id, each record, the
   * bulk download (json, gzip-encoded json, json.gz, jsonl). Returns their texts, for what-must-not-appear checks.
   */
  async validEverything(): Promise<{ texts: string[]; releases: any[]; records: any[] }> {
    // A process manager may still append after the projection caught up (a contract's close reaches its tender a
    // moment later on a loaded machine): read the feed once the bulk download and it agree on the releases.
    let feed = await this.feed(7);
    await eventually('the feed and the bulk download list the same releases', async () => {
      feed = await this.feed(7);
      const bulk = JSON.parse((await this.raw('/api/ocds/download')).text);
      return JSON.stringify(bulk.releases.map((r: any) => r.id)) === JSON.stringify(feed.releases.map((r) => r.id));
    });
    const { pages, releases } = feed;
    const texts = pages.map((page) => JSON.stringify(page));
    for (const release of releases) {
      const single = await this.json(`/api/ocds/releases/${encodeURIComponent(release.id)}`);
      expectValid('release package', OcdsReader.validator.validateReleasePackage, single);
      texts.push(JSON.stringify(single));
    }
    const records = [];
    for (const ocid of new Set(releases.map((release) => release.ocid as string))) {
      const record = await this.json(`/api/ocds/records/${encodeURIComponent(ocid)}`);
      records.push(expectValid('record package', OcdsReader.validator.validateRecordPackage, record));
      texts.push(JSON.stringify(record));
    }
    for (const bulk of [
      await this.raw('/api/ocds/download'),
      await this.raw('/api/ocds/download', { 'Accept-Encoding': 'gzip' }),
      await this.raw('/api/ocds/download?format=json.gz'),
    ]) {
      const pkg = JSON.parse(bulk.text);
      expectValid('bulk release package', OcdsReader.validator.validateReleasePackage, pkg);
      expect(pkg.releases.map((r: any) => r.id)).toEqual(releases.map((r) => r.id));
      texts.push(bulk.text);
    }
    const lines = (await this.raw('/api/ocds/download?format=jsonl')).text.split('\n').filter(Boolean);
    expect(lines.map((line) => JSON.parse(line).id)).toEqual(releases.map((r) => r.id));
    for (const line of lines) expectValid('release', OcdsReader.validator.validateRelease, JSON.parse(line));
    texts.push(lines.join('\n'));
    return { texts, releases, records };
  }
}

function expectValid<T>(what: string, validate: (data: unknown) => { valid: boolean; errors: string[] }, data: T): T {
  const { errors } = validate(data);
  if (errors.length > 0)
    throw new Error(`invalid ${what}:\n${errors.join('\n')}\n${JSON.stringify(data).slice(0, 2000)}`);
  return data;
}
