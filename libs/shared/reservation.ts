import type { Decider } from './decider';
import type { DomainError } from './domain-error';

/**
 * Uniqueness across streams (one supplier per RFC, one account per email, one buying unit per code), written
 * once. Each value has a reservation stream; whoever appends to it at the revision they read (the first one
 * with `no_stream`) holds the value, so of N concurrent claims the event store lets exactly one through.
 *
 * A reservation is only a claim: the holder's own stream says whether it really uses the value. A claim whose
 * holder does not use it (a crash between the two appends, or a value changed away) is stale; another holder
 * may take it over once STALE_RESERVATION_MS have passed, long after any request that made it could still be
 * writing. The same holder may always claim again, so a retry just continues.
 */
export const STALE_RESERVATION_MS = 10 * 60_000;

/** What a context reserves: its stream prefix, its event type names and the payload's field names. */
export interface ReservationSpec<V extends string, H extends string, R extends string, L extends string> {
  /** The reservation stream of a value is `<streamPrefix><value>`, e.g. `supplier-rfc-`. */
  streamPrefix: string;
  /** The field naming the value (`rfc`) and the one naming its holder (`supplierId`). */
  value: V;
  holder: H;
  /** Event type names, e.g. `SupplierRfcReserved`; `released` only where a value can be given up. */
  reserved: R;
  released?: L;
  /** The context's own error for a value held by someone else (`supplier.rfc_taken`, 409). */
  taken: (value: string) => DomainError;
}

export type ValueReserved<V extends string, H extends string, R extends string> = {
  type: R;
  data: Record<V | H | 'reservedAt', string> & { replaces?: string };
};
export type ValueReleased<V extends string, H extends string, L extends string> = {
  type: L;
  data: Record<V | H, string>;
};
export type ReservationEvent<V extends string, H extends string, R extends string, L extends string> =
  ValueReserved<V, H, R> | ValueReleased<V, H, L>;

export type ReservationState = { holder: string | null; reservedAt: string | null };

/**
 * `Claim`: nothing if `holder` already holds the value, a reservation if it is free or its claim is stale,
 * else the context's `taken` error. `holderUsesValue`: the current holder's own stream carries the value now
 * (only asked when someone else holds it). `Release`: gives the value up; nothing if `holder` does not hold it.
 */
export type ReservationCommand =
  | { type: 'Claim'; value: string; holder: string; holderUsesValue: boolean }
  | { type: 'Release'; value: string; holder: string };

export type Reservation<V extends string, H extends string, R extends string, L extends string> = Decider<
  ReservationCommand,
  ReservationEvent<V, H, R, L>,
  ReservationState
> & {
  stream: (value: string) => string;
  taken: (value: string) => DomainError;
};

export function reservation<V extends string, H extends string, R extends string, L extends string = never>(
  spec: ReservationSpec<V, H, R, L>,
): Reservation<V, H, R, L> {
  type Event = ReservationEvent<V, H, R, L>;
  const initialState = (): ReservationState => ({ holder: null, reservedAt: null });
  const payload = (value: string, holder: string) => ({ [spec.value]: value, [spec.holder]: holder });

  const evolve = (state: ReservationState, event: Event): ReservationState => {
    const holder = event.data[spec.holder];
    if (event.type === spec.reserved) return { holder, reservedAt: (event as ValueReserved<V, H, R>).data.reservedAt };
    return holder === state.holder ? initialState() : state;
  };

  const decide = (command: ReservationCommand, state: ReservationState, { now }: { now: Date }): Event[] => {
    const { value, holder } = command;
    if (command.type === 'Release') {
      if (spec.released === undefined || state.holder !== holder) return [];
      return [{ type: spec.released, data: payload(value, holder) as ValueReleased<V, H, L>['data'] }];
    }
    const reserve = (replaces?: string): Event[] => {
      const data = { ...payload(value, holder), reservedAt: now.toISOString(), ...(replaces ? { replaces } : {}) };
      return [{ type: spec.reserved, data: data as ValueReserved<V, H, R>['data'] }];
    };
    if (state.holder === null) return reserve();
    if (state.holder === holder) return [];
    const stale =
      !command.holderUsesValue && now.getTime() - Date.parse(state.reservedAt ?? '') >= STALE_RESERVATION_MS;
    if (stale) return reserve(state.holder);
    throw spec.taken(value);
  };

  return {
    initialState,
    evolve,
    decide,
    stream: (value) => `${spec.streamPrefix}${value}`,
    taken: spec.taken,
  };
}
