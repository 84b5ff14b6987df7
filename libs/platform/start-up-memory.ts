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

export interface SettleOptions {
  /** Length of the windows the event loop's busy share is measured over (default 2 s). */
  windowMs?: number;
  /** A window busier than this share is start-up work still going on (default 5 %). */
  busyAbove?: number;
  /** Stop watching after this long, whatever the load (default 2 min). */
  withinMs?: number;
  /** The event loop's busy share since the previous call (default: performance.eventLoopUtilization). */
  utilization?: () => number;
  /** What to run once settled (default: releaseStartUpMemory). */
  release?: () => void;
}

/**
 * releaseStartUpMemory now, and once more when the work a start goes on with after listening is over. A restart
 * finishes what the previous run left (projections catching up, the shipped classifiers of a first start cut
 * short): that work grows the heap again after the first collection, and an idle API kept it (156 MB resident
 * after 15 s idle in the startup bench's restart, against 137 MB for a start with nothing left to do). Watched
 * by the event loop's busy share: the first quiet window after a busy one releases again; a start whose first
 * window is already quiet had nothing to give back and stops watching. Returns a function that stops it.
 */
export function releaseStartUpMemoryWhenSettled(options: SettleOptions = {}): () => void {
  const release = options.release ?? releaseStartUpMemory;
  const utilization = options.utilization ?? eventLoopBusyShare();
  const busyAbove = options.busyAbove ?? 0.05;
  const windows = Math.ceil((options.withinMs ?? 120_000) / (options.windowMs ?? 2_000));
  release();
  let seen = 0;
  let sawWork = false;
  const timer = setInterval(() => {
    seen += 1;
    const busy = utilization() > busyAbove;
    if (busy) sawWork = true;
    if (!busy || seen >= windows) clearInterval(timer);
    if (!busy && sawWork) release();
  }, options.windowMs ?? 2_000).unref();
  return () => clearInterval(timer);
}

function eventLoopBusyShare(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const share = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return share;
  };
}
