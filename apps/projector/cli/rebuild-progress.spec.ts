import type { RebuildProgress } from '@licita/projections/projection-worker';
import { ProgressReporter, fraction, progressBar, progressLine, summaryLine } from './rebuild-progress';

const step = (position: bigint, eventsDone: number, eventsPerSecond = 25_000): RebuildProgress => ({
  projection: 'tender-search',
  eventsDone,
  position,
  headPosition: 1_000_000n,
  elapsedMs: 40_000,
  eventsPerSecond,
});

class Output {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(text: string): void {
    this.text += text;
  }
}

describe('rebuild progress', () => {
  it('measures the share done by position over the head at the start', () => {
    expect(fraction(step(250_000n, 1))).toBe(0.25);
    expect(fraction({ position: 0n, headPosition: 0n })).toBe(1);
    expect(fraction({ position: 12n, headPosition: 10n })).toBe(1);
  });

  it('draws a bar with the percentage, the events done and the rate', () => {
    expect(progressBar(step(500_000n, 480_123))).toBe(
      `tender-search [${'█'.repeat(15)}${'░'.repeat(15)}]  50.0%  480,123 events  25,000 events/s`,
    );
  });

  it('says the same in one plain line for logs', () => {
    expect(progressLine(step(500_000n, 480_123))).toBe(
      'tender-search:  50.0% (position 500000 of 1000000), 480,123 events, 25,000 events/s',
    );
  });

  it('ends with the events, the time and the rate', () => {
    expect(summaryLine(step(1_000_000n, 960_000, 24_000))).toBe(
      'rebuilt tender-search: 960,000 events up to position 1000000 in 40.0 s (24,000 events/s)',
    );
  });

  it('redraws one line on a terminal, at most ten times a second, and finishes with a full bar', () => {
    let now = 0;
    const output = new Output(true);
    const reporter = new ProgressReporter(output, () => now);
    reporter.update(step(100_000n, 100_000));
    now = 50;
    reporter.update(step(200_000n, 200_000));
    now = 150;
    reporter.update(step(300_000n, 300_000));
    reporter.finish(step(900_000n, 900_000));

    const lines = output.text.split('\n');
    expect(
      lines[0]
        .split('\r\x1b[2K')
        .filter(Boolean)
        .map((bar) => bar.match(/\d+\.\d%/)?.[0]),
    ).toEqual(['10.0%', '30.0%', '100.0%']);
    expect(lines[1]).toMatch(/^rebuilt tender-search: 900,000 events/);
  });

  it('prints a plain line every few seconds elsewhere', () => {
    let now = 0;
    const output = new Output(false);
    const reporter = new ProgressReporter(output, () => now, 5_000);
    for (const [at, position] of [
      [0, 1n],
      [1_000, 2n],
      [5_000, 3n],
      [9_000, 4n],
      [10_001, 5n],
    ] as const) {
      now = at;
      reporter.update(step(position * 100_000n, Number(position)));
    }

    expect(
      output.text
        .split('\n')
        .filter(Boolean)
        .map((line) => line.match(/position (\d+)/)?.[1]),
    ).toEqual(['100000', '300000', '500000']);
  });
});
