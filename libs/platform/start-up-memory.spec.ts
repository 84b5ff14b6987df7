import { getHeapSpaceStatistics } from 'node:v8';
import { releaseStartUpMemory, releaseStartUpMemoryWhenSettled } from './start-up-memory';

const youngGeneration = () =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;

describe('releaseStartUpMemory', () => {
  it('gives back the young generation that start-up grew, and leaves no gc behind', () => {
    // Objects that survive a few scavenges make V8 grow the young generation, as module loading does.
    let kept: Array<Array<{ i: number }>> = [];
    for (let round = 0; round < 60; round++) kept.push(Array.from({ length: 20_000 }, (_, i) => ({ i })));
    kept = [];
    const grown = youngGeneration();
    releaseStartUpMemory();
    expect(kept).toHaveLength(0);
    expect(youngGeneration()).toBeLessThan(grown / 2);
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
  });
});

describe('releaseStartUpMemoryWhenSettled', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Runs it over windows of the given busy shares; returns when it released (0: at once, n: after window n). */
  function releasesOver(shares: number[], options: { withinMs?: number } = {}): number[] {
    const released: number[] = [];
    let window = 0;
    const remaining = [...shares];
    releaseStartUpMemoryWhenSettled({
      windowMs: 1_000,
      ...options,
      utilization: () => remaining.shift() ?? 0,
      release: () => released.push(window),
    });
    for (window = 1; window <= shares.length + 2; window++) jest.advanceTimersByTime(1_000);
    return released;
  }

  it('releases at once, and again at the first quiet window after start-up work', () => {
    expect(releasesOver([0.9, 0.6, 0.3, 0.01, 0.8, 0.01])).toEqual([0, 4]);
  });

  it('does not release again when nothing went on after listening', () => {
    expect(releasesOver([0.01, 0.9, 0.01])).toEqual([0]);
  });

  it('gives up watching a process that stays busy', () => {
    expect(releasesOver([0.9, 0.9, 0.9, 0.9, 0.01], { withinMs: 3_000 })).toEqual([0]);
  });

  it('can be stopped', () => {
    const release = jest.fn();
    const stop = releaseStartUpMemoryWhenSettled({ windowMs: 1_000, utilization: () => 0.9, release });
    stop();
    jest.advanceTimersByTime(10_000);
    expect(release).toHaveBeenCalledTimes(1);
  });
});
