import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GarbageCollector = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * Gives back what starting took and no longer needs, once the process serves: one full collection that also
 * shrinks the young generation (V8's "last resort" collection, what it does on a low-memory notification).
 *
 * Why: loading the modules and initialising Nest allocate a lot that survives a while, so V8 grows the young
 * generation to its largest (two semi-spaces of 64 MB on Node 22+ with a few GB of RAM) and an idle API then
 * keeps ~130 MB of young generation committed for ~20 MB of objects: 200–215 MB resident at ready, and the same
 * after a minute idle (V8's idle-time shrinking did not happen). After this collection: ~140 MB. The young
 * generation grows again under load as V8 sees fit; this only drops what start-up left behind. It costs one
 * full GC of the ~60 MB heap (tens of ms) once. Not a V8 flag on the command line: `node dist/apps/api/main.js`
 * must behave the same however it is started. `gc` is exposed to a fresh context only, and the flag is put back.
 */
export function releaseStartUpMemory(): void {
  setFlagsFromString('--expose-gc');
  let gc: GarbageCollector | undefined;
  try {
    gc = runInNewContext('typeof gc === "function" ? gc : undefined') as GarbageCollector | undefined;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
