/**
 * A bounded context's write model (Emmett's decider): pure functions, no I/O, no clock reads.
 * `decide` receives the time through `context.now` and the acting account through `context.actor`.
 */
export interface DomainEvent<TType extends string = string, TData extends object = object> {
  type: TType;
  data: TData;
}

export interface DecisionContext {
  now: Date;
  actor: string;
}

export interface Decider<TCommand, TEvent extends DomainEvent, TState> {
  initialState(): TState;
  decide(command: TCommand, state: TState, context: DecisionContext): TEvent[];
  evolve(state: TState, event: TEvent): TState;
}

export const fold = <TEvent extends DomainEvent, TState>(
  decider: Pick<Decider<unknown, TEvent, TState>, 'initialState' | 'evolve'>,
  events: TEvent[],
): TState => events.reduce(decider.evolve, decider.initialState());

/** The event that records a command as it was given: the command's fields but `type` are its `data`. */
export function recordedAs<TType extends string, TCommand extends { type: string }>(
  type: TType,
  command: TCommand,
): DomainEvent<TType, Omit<TCommand, 'type'>> {
  const { type: _type, ...data } = command;
  return { type, data };
}
