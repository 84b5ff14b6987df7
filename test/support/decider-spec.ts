import { DomainError, fold, type DecisionContext, type Decider, type DomainEvent } from '@licita/shared';

/** The decision context of a test: an instant (UTC, ISO 8601) and the acting account. */
export const at = (iso: string, actor = 'account-test'): DecisionContext => ({ now: new Date(iso), actor });

/**
 * Given/when/then for a decider:
 *   given(registered(), verified()).when(suspend('fraud'), at('2026-02-01T10:00:00Z')).then(suspended('fraud'))
 * `given` folds past events into the state, `when` decides, `then` compares the new events.
 */
export function deciderSpec<TCommand, TEvent extends DomainEvent, TState>(decider: Decider<TCommand, TEvent, TState>) {
  return (...given: TEvent[]) => ({
    when(command: TCommand, context: DecisionContext = at('2026-01-15T16:00:00.000Z')) {
      const state = fold(decider, given);
      const run = () => decider.decide(command, state, context);
      return {
        then(...expected: TEvent[]): void {
          expect(run()).toEqual(expected);
        },
        /** The command is accepted and changes nothing (an idempotent repeat). */
        thenNothing(): void {
          expect(run()).toEqual([]);
        },
        /** Fails unless `decide` throws a DomainError with this code (and these details, if given). */
        thenThrows(code: string, details?: Record<string, unknown>): void {
          const error = thrownBy(run);
          expect(error).toBeInstanceOf(DomainError);
          expect(error).toMatchObject({ code, ...(details ? { details: expect.objectContaining(details) } : {}) });
        },
        /** The state after the decided events, for assertions on what the state exposes. */
        thenState(): TState {
          return run().reduce(decider.evolve, state);
        },
      };
    },
  });
}

export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
}
