import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  Module,
  type NestInterceptor,
  type OnModuleInit,
  SetMetadata,
} from '@nestjs/common';
import { statSync } from 'node:fs';
import { APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import { EVENT_STORE, type EventFilter, type EventStore } from '@licita/event-store';
import {
  currentRequestContext,
  LICITA_CONFIG,
  MIN_POSITION_PARAM,
  PublicReads,
  recordAppendedPosition,
  RequestInvalid,
  type LicitaConfig,
} from '@licita/platform';
import { from, switchMap, type Observable } from 'rxjs';
import { CheckpointGenerations, CheckpointListener } from './checkpoint-generations';
import { CHECKPOINT_ETAG_PREFIX, checkpointEtagPrefix, HttpCachingInterceptor } from './http-caching';
import { readCheckpoints } from './projection-checkpoints';
import { ProjectionRunner } from './projection-runner';

/**
 * Read your own writes. Every append made while serving a request raises the request's position (the response
 * carries it in `Licita-Position`); a query sent with `?minPosition=` or `Licita-Min-Position` first waits until
 * the read models it reads have reached that position, at most READ_MODEL_WAIT_MS, then answers 503
 * `read_model.still_updating` (with `Retry-After`) instead of a stale page.
 *
 * "Reached" per projection: its checkpoint is at or past the position, or none of the events between its
 * checkpoint and the position is one it reads (a caught-up projection stores skips over events it does not read
 * only about once a second, so the checkpoint alone would make most waits last that long). In a process that runs
 * the projections itself and reads from the same database, its runner answers first, without a query.
 */

/** What the waiter needs to know about the projections and the log. */
export interface ReadModelSource {
  /** The projections reads may depend on, with the events each reads. */
  projections(): ReadonlyArray<{ name: string; filter?: EventFilter }>;
  /** Their stored checkpoints (where the reads are answered), by name; a missing one has applied nothing. */
  checkpoints(names: string[]): Promise<Map<string, bigint>>;
  /** The position of the first event after `after` that `filter` selects, up to the safe head; none: undefined. */
  nextEvent(after: bigint, filter?: EventFilter): Promise<bigint | undefined>;
  /** The safe head of the log: every event up to it can be read. */
  headPosition(): Promise<bigint>;
  /**
   * Where this process's own runner has applied a projection to (committed, or nothing for it in between), when
   * it runs it here and the reads come from the same database; otherwise `undefined`. Asked before any query.
   */
  appliedHere?(name: string): bigint | undefined;
}

export interface ReadModelWaitOptions {
  /** How often the checkpoints are looked at while waiting (default 20 ms). */
  pollMs?: number;
  /**
   * A position still past the log's head after this long (default 250 ms), or after the whole wait, cannot be one
   * of this log's (a client remembering a position from before a database reset): it is not waited for. The head
   * trails a committed position only while an earlier append is still committing, a matter of milliseconds.
   */
  pastHeadGraceMs?: number;
  now?: () => number;
}

export type ReadModelWait =
  { reached: true; pastHead?: boolean } | { reached: false; behind: string[]; waitedMs: number };

export class ReadModelWaiter {
  /** Per projection, a position known reached (so later reads up to it cost no query); only ever raised. */
  private readonly reachedUpTo = new Map<string, bigint>();
  private readonly pollMs: number;
  private readonly pastHeadGraceMs: number;
  private readonly now: () => number;

  constructor(
    private readonly source: ReadModelSource,
    options: ReadModelWaitOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 20;
    this.pastHeadGraceMs = options.pastHeadGraceMs ?? 250;
    this.now = options.now ?? Date.now;
  }

  /**
   * Which of the projections (`names`, or every one) have not reached `position` yet, sorted, and the head. A
   * name no projection has is ignored.
   */
  async behind(position: bigint, names?: readonly string[]): Promise<{ behind: string[]; head?: bigint }> {
    const open = this.source
      .projections()
      .filter((projection) => names === undefined || names.includes(projection.name))
      .filter((projection) => (this.reachedUpTo.get(projection.name) ?? -1n) < position)
      .filter((projection) => !this.reachedHere(projection.name, position));
    if (open.length === 0) return { behind: [] };
    const [head, stored] = await Promise.all([
      this.source.headPosition(),
      this.source.checkpoints(open.map((projection) => projection.name)),
    ]);
    const behind: string[] = [];
    await Promise.all(
      open.map(async ({ name, filter }) => {
        const checkpoint = stored.get(name) ?? 0n;
        let reached = checkpoint >= position;
        // Only once the head has passed the position is every event up to it readable (none still in flight).
        if (!reached && head >= position) {
          const next = await this.source.nextEvent(checkpoint, filter);
          reached = next === undefined || next > position;
        }
        if (reached) this.remember(name, position);
        else behind.push(name);
      }),
    );
    return { behind: behind.sort(), head };
  }

  /** Waits until `behind` is empty, at most `timeoutMs`. */
  async waitFor(position: bigint, timeoutMs: number, names?: readonly string[]): Promise<ReadModelWait> {
    const started = this.now();
    let pastHeadSince: number | undefined;
    for (;;) {
      const { behind, head } = await this.behind(position, names);
      if (behind.length === 0) return { reached: true };
      const now = this.now();
      if (head !== undefined && head < position) {
        pastHeadSince ??= now;
        if (now - pastHeadSince >= this.pastHeadGraceMs) return { reached: true, pastHead: true };
      } else pastHeadSince = undefined;
      const waitedMs = now - started;
      if (waitedMs >= timeoutMs)
        return head !== undefined && head < position
          ? { reached: true, pastHead: true }
          : { reached: false, behind, waitedMs };
      await new Promise((resume) => setTimeout(resume, Math.min(this.pollMs, timeoutMs - waitedMs)));
    }
  }

  /** Reached by this process's own runner (no query); remembered as any other. */
  private reachedHere(name: string, position: bigint): boolean {
    const applied = this.source.appliedHere?.(name);
    if (applied === undefined || applied < position) return false;
    this.remember(name, position);
    return true;
  }

  private remember(name: string, position: bigint): void {
    if ((this.reachedUpTo.get(name) ?? -1n) < position) this.reachedUpTo.set(name, position);
  }
}

export const READS_FROM = Symbol('reads-from');

/**
 * On a query endpoint (or its controller): the projections it reads, so `?minPosition=` waits for those only.
 * Without it, a query waits for every projection.
 */
export const ReadsFrom = (...projections: string[]) => SetMetadata(READS_FROM, projections);

export const READ_MODEL_WAITER = Symbol('READ_MODEL_WAITER');

const WAITING_METHODS = new Set(['GET', 'HEAD']);

/** Holds a query sent with a minimum position until the read models reach it (see the top of this file). */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(
    @Inject(READ_MODEL_WAITER) private readonly waiter: ReadModelWaiter,
    @Inject(LICITA_CONFIG) private readonly config: Pick<LicitaConfig, 'readModelWaitMs'>,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const minPosition = currentRequestContext()?.minPosition;
    const http = context.switchToHttp();
    const request = http.getRequest<{ method: string }>();
    if (minPosition === undefined || !WAITING_METHODS.has(request.method)) return next.handle();
    if (minPosition === 'invalid')
      throw new RequestInvalid([
        { field: MIN_POSITION_PARAM, messages: ['minPosition is a position of the log: digits, at most 2^63-1'] },
      ]);
    const names = this.reflector.getAllAndOverride<string[] | undefined>(READS_FROM, [
      context.getHandler(),
      context.getClass(),
    ]);
    return from(this.waiter.waitFor(minPosition, this.config.readModelWaitMs, names)).pipe(
      switchMap((outcome) => {
        if (outcome.reached) return next.handle();
        http.getResponse<{ setHeader(name: string, value: string): void }>().setHeader('Retry-After', '1');
        throw new HttpException(
          {
            code: 'read_model.still_updating',
            detail: `The read models have not reached position ${minPosition} yet (still updating: ${outcome.behind.join(', ')}); ask again shortly.`,
            details: { position: minPosition.toString(), behind: outcome.behind },
          },
          503,
        );
      }),
    );
  }
}

/** Raises the request's position with every append made while serving it (the shared store, wrapped once). */
@Injectable()
export class AppendedPositions implements OnModuleInit {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onModuleInit(): void {
    const store = this.store;
    const append = store.appendToStream.bind(store);
    store.appendToStream = async (streamId, events, options) => {
      const result = await append(streamId, events, options);
      recordAppendedPosition(result.position);
      return result;
    };
  }
}

/**
 * Read your own writes, and the HTTP caching of public reads that must not undo it, for an HTTP application: needs ProjectionsModule (its runner names the projections), the
 * event store and the configuration. Import it once, in the API (not in a projector).
 */
@Module({
  providers: [
    AppendedPositions,
    {
      provide: READ_MODEL_WAITER,
      useFactory: (runner: ProjectionRunner, store: EventStore, reads: PublicReads) =>
        new ReadModelWaiter({
          projections: () => runner.projections,
          checkpoints: async (names) =>
            new Map(
              (await readCheckpoints(await reads.dataSource(), names)).map((checkpoint) => [
                checkpoint.name,
                checkpoint.position,
              ]),
            ),
          nextEvent: async (after, filter) =>
            (await store.readAll({ fromPosition: after, maxCount: 1, filter }))[0]?.globalPosition,
          headPosition: () => store.headPosition(),
          // A standby answers the reads: only its own checkpoints say what it shows.
          appliedHere: reads.onReplica ? undefined : (name) => runner.appliedHere(name),
        }),
      inject: [ProjectionRunner, EVENT_STORE, PublicReads],
    },
    { provide: APP_INTERCEPTOR, useClass: ReadYourWritesInterceptor },
    // Trusted 3 s after each read of every checkpoint (once a second) on the listening connection.
    { provide: CheckpointGenerations, useFactory: () => new CheckpointGenerations(3_000) },
    CheckpointListener,
    {
      provide: CHECKPOINT_ETAG_PREFIX,
      useFactory: (config: Pick<LicitaConfig, 'publicUrl' | 'mode' | 'classifierSchemes'>) =>
        checkpointEtagPrefix(String(statSync(__filename).mtimeMs), [
          config.publicUrl,
          config.mode,
          config.classifierSchemes,
        ]),
      inject: [LICITA_CONFIG],
    },
    { provide: APP_INTERCEPTOR, useClass: HttpCachingInterceptor },
  ],
  exports: [READ_MODEL_WAITER, CheckpointGenerations, CheckpointListener],
})
export class ReadYourWritesModule {}
