import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A V8 `.cpuprofile` as `node --cpu-prof` writes it (times in µs of the monotonic clock). */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileWindow {
  label: string;
  /** `process.hrtime.bigint()` at the start and end, in ns: the same monotonic clock as the profile's. */
  from: bigint;
  to: bigint;
}

/** The one profile `node --cpu-prof --cpu-prof-dir=dir` wrote. */
export function readProfile(dir: string): CpuProfile {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
}

/**
 * Where a process spent its time during each window: busy share (not idle), then the functions and the
 * places (a package, a file of ours, node's internals) with the most self time, as shares of the window.
 */
export function summarizeProfile(profile: CpuProfile, windows: ProfileWindow[], top = 8): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const perWindow = windows.map(() => ({
    total: 0,
    idle: 0,
    functions: new Map<string, number>(),
    places: new Map<string, number>(),
  }));
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    const w = windows.findIndex((window) => at >= Number(window.from / 1000n) && at < Number(window.to / 1000n));
    if (w < 0) return;
    const tally = perWindow[w];
    const frame = byId.get(id)!.callFrame;
    tally.total += delta;
    if (frame.functionName === '(idle)') {
      tally.idle += delta;
      return;
    }
    const place = placeOf(frame.url, frame.functionName);
    add(
      tally.functions,
      `${frame.functionName || '(anonymous)'} ${place}${frame.url ? `:${frame.lineNumber + 1}` : ''}`,
      delta,
    );
    add(tally.places, place, delta);
  });
  return windows.map((window, w) => {
    const { total, idle, functions, places } = perWindow[w];
    if (total === 0) return `${window.label}: no samples`;
    const share = (value: number) => `${((100 * value) / total).toFixed(1)} %`;
    const list = (map: Map<string, number>) =>
      [...map]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([name, value]) => `${name} ${share(value)}`)
        .join('; ');
    return `${window.label}: busy ${share(total - idle)} of the API's thread. By place: ${list(places)}. By function (self): ${list(functions)}`;
  });
}

function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1];
  if (url.startsWith('node:')) return 'node';
  const ours = /\/dist\/(.+)$/.exec(url);
  return ours ? ours[1] : url;
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}
