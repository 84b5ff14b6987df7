import { createHash, generateKeyPairSync } from 'node:crypto';
import { LedgerCheckpoints } from '@licita/ledger';
import type { Checkpoint } from '@licita/ledger';
import type { ExportedEntry } from '@licita/ledger';
import { ManualClock } from '@licita/shared';
import { RegisterApi } from '../register/register-api';
import { TenderingApi } from '../tendering/tendering-api';

/** The ledger key of these tests (an Ed25519 key, base64 PKCS#8 DER). */
export const LEDGER_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ format: 'der', type: 'pkcs8' })
  .toString('base64');

/**
 * TenderingApi's world (the real API, a ManualClock, the people of a procedure) with LICITA_LEDGER_KEY set and
 * a checkpoint every `every` events. TenderingApi.start takes no environment, hence its constructor here.
 */
export async function startLedgerWorld(clock: string, every = 10): Promise<TenderingApi> {
  const api = await RegisterApi.start({
    clock: new ManualClock(clock),
    env: { LICITA_LEDGER_KEY: LEDGER_KEY, LICITA_LEDGER_CHECKPOINT_EVENTS: String(every) },
  });
  return TenderingApi.over(api);
}

/** Everything sealed so far, once the sealer has caught up, and a checkpoint over all of it. */
export async function sealedAndCheckpointed(world: TenderingApi): Promise<Checkpoint> {
  await world.api.caughtUp();
  return (await world.api.api.app.get(LedgerCheckpoints).issue({ force: true })) as Checkpoint;
}

export async function exportAll(world: TenderingApi): Promise<ExportedEntry[]> {
  const entries: ExportedEntry[] = [];
  for (let after = '0'; ;) {
    const page = await world.anonymous('GET', `/api/ledger/export?after=${after}&limit=50`);
    if (page.status !== 200) throw new Error(`export failed: ${JSON.stringify(page.body)}`);
    entries.push(...page.body.entries);
    if (page.body.next === null) return entries;
    after = page.body.next;
  }
}

// An implementation of RFC 9162's tree head written apart from libs/ledger, to check its roots independently.
const sha256 = (...parts: Buffer[]) => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest();

export function independentRoot(leafHashes: string[]): string {
  const mth = (leaves: Buffer[]): Buffer => {
    if (leaves.length === 1) return sha256(Buffer.from([0]), leaves[0]);
    let k = 1;
    while (k * 2 < leaves.length) k *= 2;
    return sha256(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
  };
  return mth(leafHashes.map((hex) => Buffer.from(hex, 'hex'))).toString('hex');
}

/** The canonical JSON of libs/ledger, written again from its documentation. */
export function independentCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(independentCanonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${independentCanonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const independentLeaf = (event: unknown) =>
  sha256(Buffer.from(independentCanonicalJson(event), 'utf8')).toString('hex');
