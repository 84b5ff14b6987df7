import { getHeapSpaceStatistics } from 'node:v8';
import { releaseStartUpMemory } from './start-up-memory';

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
