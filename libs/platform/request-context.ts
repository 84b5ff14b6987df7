import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { ProblemLanguage } from '@licita/shared';

/** What every piece of code serving one request may need to know about it, without passing it around. */
export interface RequestContext {
  readonly correlationId: string;
  /** `anonymous` until an authentication guard calls `setActor`. */
  actor: string;
  /** The highest log position appended while serving this request (see `recordAppendedPosition`). */
  position?: bigint;
  /**
   * The log position the caller asked the read models to have reached (`?minPosition=` or `Licita-Min-Position`),
   * or `invalid` when it sent something that is not one; the read-your-writes interceptor waits for it.
   */
  minPosition?: bigint | 'invalid';
  /** The language people read the answer in, from `Accept-Language` (Spanish when absent). */
  readonly language?: ProblemLanguage;
}

export const ANONYMOUS = 'anonymous';

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` (and everything it starts) inside `context`; the same object is seen and updated by all. */
export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/**
 * The language of the request being served (its `Accept-Language`: `en` or `es`), Spanish outside a request:
 * texts the server writes for people (red flags, a procedure's timeline) are read in it.
 */
export function requestLanguage(): ProblemLanguage {
  return storage.getStore()?.language ?? 'es';
}

/** Called by authentication once it knows who is calling; later code in the same request sees it. */
export function setActor(actor: string): void {
  const context = storage.getStore();
  if (!context) throw new Error('setActor called outside a request context');
  context.actor = actor;
}

/**
 * The part of event metadata that comes from the request: who acts and which request it belongs to.
 * Outside a request (timers, projector) the actor is `system` and a fresh correlation id starts a new chain.
 */
export function requestMetadata(): { actor: string; correlationId: string } {
  const context = storage.getStore();
  if (!context) return { actor: 'system', correlationId: randomUUID() };
  return { actor: context.actor, correlationId: context.correlationId };
}

/** Remembers that this request appended up to `position` (the highest wins); a no-op outside a request. */
export function recordAppendedPosition(position: bigint): void {
  const context = storage.getStore();
  if (context && (context.position === undefined || position > context.position)) context.position = position;
}
