import type { Decider, DomainError, DomainEvent, ReservationCommand, ReservationState } from '@licita/shared';
import { claim } from './claim';
import type { CommandContext, CommandExecutor } from './command-executor';
import { WrongExpectedVersion } from './event-store.errors';

/** A value's reservation rule (libs/shared/reservation.ts): its decider, its stream and its `taken` error. */
type ReservationRule<TEvent extends DomainEvent> = Decider<ReservationCommand, TEvent, ReservationState> & {
  stream: (value: string) => string;
  taken: (value: string) => DomainError;
};

/**
 * Claims `value` for `holder` in its reservation stream at the revision read (one retry on a concurrent write);
 * losing is the context's `taken` error. `holderUses(other)`: whether the current holder's own stream carries
 * the value now, asked only when someone else holds it.
 */
export async function claimReservation<TEvent extends DomainEvent>(
  executor: CommandExecutor,
  rule: ReservationRule<TEvent>,
  { value, holder }: { value: string; holder: string },
  holderUses: (other: string) => Promise<boolean>,
  context: CommandContext,
): Promise<void> {
  await claim(
    executor.decideWith(
      rule.stream(value),
      rule,
      async (state) => {
        const holderUsesValue = state.holder !== null && state.holder !== holder && (await holderUses(state.holder));
        return rule.decide({ type: 'Claim', value, holder, holderUsesValue }, state, context);
      },
      context,
      { retries: 1 },
    ),
    () => rule.taken(value),
  );
}

/** Best effort: a release that loses a race is harmless, as an unused reservation goes stale anyway. */
export async function releaseReservation<TEvent extends DomainEvent>(
  executor: CommandExecutor,
  rule: ReservationRule<TEvent>,
  { value, holder }: { value: string; holder: string },
  context: CommandContext,
): Promise<void> {
  await executor
    .decideWith(
      rule.stream(value),
      rule,
      (state) => rule.decide({ type: 'Release', value, holder }, state, context),
      context,
      { retries: 0 },
    )
    .catch((error: unknown) => {
      if (!(error instanceof WrongExpectedVersion)) throw error;
    });
}

/**
 * Creates a stream whose value is unique (a supplier's RFC, an account's email, a unit's code), loading the
 * stream once and deciding once. If the stream was already created, `existing(state)` answers (the same
 * creation repeated) or throws (another one under the same id). Else `reserve()` claims the value (and checks
 * any fact the creation needs first), and the command is decided and appended at the revision read; a
 * concurrent creation of the same stream is read back and answered by `existing`.
 */
export async function createReserved<TCommand, TEvent extends DomainEvent, TState, TResult>(
  executor: CommandExecutor,
  target: { stream: string; decider: Decider<TCommand, TEvent, TState>; command: TCommand },
  steps: { existing: (state: TState) => TResult | undefined; reserve: () => Promise<void>; created: TResult },
  context: CommandContext,
): Promise<TResult> {
  let answer: TResult | undefined;
  await executor.decideWith(
    target.stream,
    target.decider,
    async (state) => {
      answer = steps.existing(state);
      if (answer !== undefined) return [];
      await steps.reserve();
      return target.decider.decide(target.command, state, context);
    },
    context,
  );
  return answer ?? steps.created;
}
