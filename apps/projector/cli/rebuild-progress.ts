import type { RebuildProgress } from '@licita/projections';

export interface ProgressOutput {
  write(text: string): void;
  /** A terminal: redraw one line; otherwise print a line now and then. */
  isTTY?: boolean;
}

const BAR_WIDTH = 30;
const number = new Intl.NumberFormat('en-US');

/** Share of the log done: the position reached over the head when the rebuild started. */
export function fraction(progress: Pick<RebuildProgress, 'position' | 'headPosition'>): number {
  if (progress.headPosition <= 0n) return 1;
  return Math.min(1, Number((progress.position * 10_000n) / progress.headPosition) / 10_000);
}

export function progressBar(progress: RebuildProgress): string {
  const done = fraction(progress);
  const filled = Math.round(done * BAR_WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  return `${progress.projection} [${bar}] ${percent(done)}  ${number.format(progress.eventsDone)} events  ${number.format(progress.eventsPerSecond)} events/s`;
}

export function progressLine(progress: RebuildProgress): string {
  return `${progress.projection}: ${percent(fraction(progress))} (position ${progress.position} of ${progress.headPosition}), ${number.format(progress.eventsDone)} events, ${number.format(progress.eventsPerSecond)} events/s`;
}

export function summaryLine(progress: RebuildProgress): string {
  return `rebuilt ${progress.projection}: ${number.format(progress.eventsDone)} events up to position ${progress.position} in ${(progress.elapsedMs / 1000).toFixed(1)} s (${number.format(progress.eventsPerSecond)} events/s)`;
}

/**
 * Reports rebuild progress: on a terminal a bar redrawn at most 10 times a second; elsewhere (CI, logs) a
 * plain line every `lineEveryMs`.
 */
export class ProgressReporter {
  private lastAt = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly output: ProgressOutput,
    private readonly now: () => number = Date.now,
    private readonly lineEveryMs = 5_000,
  ) {}

  update(progress: RebuildProgress): void {
    const now = this.now();
    if (now - this.lastAt < (this.output.isTTY ? 100 : this.lineEveryMs)) return;
    this.lastAt = now;
    if (this.output.isTTY) {
      this.output.write(`\r\x1b[2K${progressBar(progress)}`);
      this.drawn = true;
    } else {
      this.output.write(`${progressLine(progress)}\n`);
    }
  }

  /** The final bar (full: the last events may be ones the projection does not read) and the summary. */
  finish(progress: RebuildProgress): void {
    if (this.output.isTTY)
      this.output.write(`\r\x1b[2K${progressBar({ ...progress, position: progress.headPosition })}\n`);
    this.output.write(`${summaryLine(progress)}\n`);
  }

  /** Ends the bar's line before another message. */
  interrupt(): void {
    if (this.drawn) this.output.write('\n');
    this.drawn = false;
  }
}

function percent(done: number): string {
  return `${(done * 100).toFixed(1).padStart(5)}%`;
}
