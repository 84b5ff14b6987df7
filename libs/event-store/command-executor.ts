import { createHash, randomUUID } from 'node:crypto';
import type { Decider, DomainEvent } from '@licita/shared';
import { WrongExpectedVersion } from './event-store.errors';
import type {
  EventMetadata,
  EventStore,
  EventToAppend,
  JsonObject,
  JsonValue,
  RecordedEvent,
} from './event-store.port';

/** Who is acting, when, and why: becomes every event's metadata. */
export interface CommandContext {
  actor: string;
  correlationId: string;
  causationId?: string;
  /** The time of the command, from the injected clock; `decide` sees it, nothing reads the clock later. */
  now: Date;
  reason?: string;
  /** Derives the event ids, so a repeated command (same key) appends nothing the second time. */
  idempotencyKey?: string;
  metadata?: Record<string, JsonValue>;
}

export interface ExecuteOptions {
  /**
   * How many times to load, decide and append again after a concurrent write (0 = never). Default 8: each
   * round lets at least one of the racing writers through, so a stream with a handful of writers at once (five
   * suppliers submitting in the last second, the clock ending the period among them) settles within it.
   */
  retries?: number;
  /**
   * For commands that create their stream: when the stream already holds the events this command's
   * idempotency key derives (an earlier run whose answer was lost, e.g. the process died before the HTTP
   * response was recorded), answer that first outcome instead of deciding again (which would refuse with
   * `*.already_exists`). Only with an idempotency key; off by default.
   */
  replayFirstOutcome?: boolean;
}

export interface CommandOutcome<TEvent, TState> {
  /** The events this command appended (empty when `decide` decided nothing needed to change). */
  events: TEvent[];
  state: TState;
  /** The stream's revision after the command; -1n for a stream that still does not exist. */
  revision: bigint;
  position?: bigint;
}

/**
 * The write path of every context: load the stream, fold it with `evolve`, `decide`, append with the
 * revision that was read. A concurrent write surfaces as `WrongExpectedVersion`; the command is decided
 * again on the new state when it is safe to retry (the decider re-checks every rule), else it propagates.
 */
export class CommandExecutor {
  constructor(private readonly store: EventStore) {}

  async execute<TCommand, TEvent extends DomainEvent, TState>(
    streamId: string,
    decider: Decider<TCommand, TEvent, TState>,
    command: TCommand,
    context: CommandContext,
    options: ExecuteOptions = {},
  ): Promise<CommandOutcome<TEvent, TState>> {
    return this.decideWith(
      streamId,
      decider,
      (state) => decider.decide(command, state, { now: context.now, actor: context.actor }),
      context,
      options,
    );
  }

  /**
   * `execute` for a decision that needs a fact looked up on the state it is about (a reservation stream
   * asking whether its holder still uses the value): `decide` may be async and is called again after a
   * concurrent write, on the new state.
   */
  async decideWith<TEvent extends DomainEvent, TState>(
    streamId: string,
    folder: Pick<Decider<unknown, TEvent, TState>, 'initialState' | 'evolve'>,
    decide: (state: TState) => TEvent[] | Promise<TEvent[]>,
    context: CommandContext,
    options: ExecuteOptions = {},
  ): Promise<CommandOutcome<TEvent, TState>> {
    const retries = options.retries ?? 8;
    for (let attempt = 0; ; attempt++) {
      const recorded = await this.store.readStream(streamId);
      if (options.replayFirstOutcome && context.idempotencyKey) {
        const first = firstOutcome(recorded, streamId, folder, context.idempotencyKey);
        if (first) return first;
      }
      const { state, revision } = fold(recorded, folder);
      const events = await decide(state);
      if (events.length === 0) return { events, state, revision };
      try {
        const result = await this.store.appendToStream(
          streamId,
          events.map((event, i) => toEventToAppend(event, i, streamId, context)),
          {
            expectedRevision: revision < 0n ? 'no_stream' : revision,
          },
        );
        return {
          events,
          state: events.reduce(folder.evolve, state),
          revision: result.nextExpectedRevision,
          position: result.position,
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion) || attempt >= retries) throw error;
        await backOff(attempt);
      }
    }
  }

  /** The current state of a stream and its revision (-1n when it does not exist). */
  async load<TEvent extends DomainEvent, TState>(
    streamId: string,
    decider: Pick<Decider<unknown, TEvent, TState>, 'initialState' | 'evolve'>,
  ): Promise<{ state: TState; revision: bigint }> {
    return fold(await this.store.readStream(streamId), decider);
  }
}

/**
 * A random pause before deciding again, up to 4 ms doubling per attempt (capped at 128 ms): writers that lost
 * the same race spread out instead of colliding again at once (full jitter).
 */
const backOff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(128, 4 * 2 ** attempt)));

function fold<TEvent extends DomainEvent, TState>(
  recorded: RecordedEvent[],
  decider: Pick<Decider<unknown, TEvent, TState>, 'initialState' | 'evolve'>,
): { state: TState; revision: bigint } {
  // The adapters upcast on read: what comes back is in the current shape of the context's event types.
  const state = recorded.reduce(
    (s, e) => decider.evolve(s, { type: e.type, data: e.data } as TEvent),
    decider.initialState(),
  );
  return { state, revision: recorded.length ? recorded[recorded.length - 1].streamRevision : -1n };
}

/** The outcome of the earlier run of this key on this stream (its events carry the ids the key derives), if any. */
function firstOutcome<TEvent extends DomainEvent, TState>(
  recorded: RecordedEvent[],
  streamId: string,
  folder: Pick<Decider<unknown, TEvent, TState>, 'initialState' | 'evolve'>,
  idempotencyKey: string,
): CommandOutcome<TEvent, TState> | undefined {
  const idAt = (index: number) => deterministicUuid(`${idempotencyKey}|${streamId}|${index}`);
  const start = recorded.findIndex((event) => event.id === idAt(0));
  if (start < 0) return undefined;
  let end = start;
  while (end + 1 < recorded.length && recorded[end + 1].id === idAt(end + 1 - start)) end++;
  const mine = recorded.slice(start, end + 1);
  const { state, revision } = fold(recorded.slice(0, end + 1), folder);
  return {
    events: mine.map((event) => ({ type: event.type, data: event.data }) as TEvent),
    state,
    revision,
    position: mine[mine.length - 1].globalPosition,
  };
}

export function toEventToAppend(
  event: DomainEvent,
  index: number,
  streamId: string,
  context: CommandContext,
): EventToAppend {
  const metadata: EventMetadata = {
    ...context.metadata,
    actor: context.actor,
    correlationId: context.correlationId,
    occurredAt: context.now.toISOString(),
  };
  if (context.causationId) metadata.causationId = context.causationId;
  if (context.reason) metadata.reason = context.reason;
  return {
    id: context.idempotencyKey ? deterministicUuid(`${context.idempotencyKey}|${streamId}|${index}`) : randomUUID(),
    type: event.type,
    data: event.data as JsonObject,
    metadata,
  };
}

/** A name-based UUID (version 8 layout over SHA-256): the same input always gives the same id. */
export function deterministicUuid(input: string): string {
  const hex = createHash('sha256').update(input).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
