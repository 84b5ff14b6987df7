import { readFile } from 'node:fs/promises';
import type { Checkpoint } from './checkpoint';
import { BUNDLE_FORMAT, type ConsistencyProof, type ExportedEntry, type LedgerBundle } from './verify-bundle';

const PAGE = 1_000;

/** A saved bundle, or everything a Licita at `source` (http(s) URL) publishes about its ledger. */
export async function loadBundle(
  source: string,
  onProgress: (message: string) => void = () => undefined,
): Promise<LedgerBundle> {
  if (/^https?:\/\//.test(source)) return fetchBundle(source, onProgress);
  const bundle = JSON.parse(await readFile(source, 'utf8')) as LedgerBundle;
  if ((bundle.format as string) !== BUNDLE_FORMAT)
    throw new Error(`${source} is not a ledger bundle (format ${BUNDLE_FORMAT})`);
  return bundle;
}

/**
 * Reads the public endpoints: the key, every checkpoint, the consistency proof between each two consecutive
 * ones, then every sealed event (after the checkpoints, so the events cover them all).
 */
export async function fetchBundle(
  baseUrl: string,
  onProgress: (message: string) => void = () => undefined,
): Promise<LedgerBundle> {
  const get = (path: string) => getJson(new URL(path, baseUrl).toString());
  const { publicKey } = (await get('/api/ledger/key')) as { publicKey: string };

  const checkpoints: Checkpoint[] = [];
  for (let after = 0; ;) {
    const page = (await get(`/api/ledger/checkpoints?after=${after}&limit=${PAGE}`)) as {
      checkpoints: Checkpoint[];
      next: number | null;
    };
    checkpoints.push(...page.checkpoints);
    if (page.next === null) break;
    after = page.next;
  }
  onProgress(`${checkpoints.length} checkpoints`);

  const consistency: ConsistencyProof[] = [];
  for (let i = 1; i < checkpoints.length; i++) {
    consistency.push(
      (await get(
        `/api/ledger/consistency?from=${checkpoints[i - 1].treeSize}&to=${checkpoints[i].treeSize}`,
      )) as ConsistencyProof,
    );
  }

  const entries: ExportedEntry[] = [];
  for (let after = '0'; ;) {
    const page = (await get(`/api/ledger/export?after=${after}&limit=${PAGE}`)) as {
      entries: ExportedEntry[];
      next: string | null;
    };
    entries.push(...page.entries);
    onProgress(`${entries.length} events`);
    if (page.next === null) break;
    after = page.next;
  }
  return { format: BUNDLE_FORMAT, publicKey, checkpoints, consistency, entries };
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}
