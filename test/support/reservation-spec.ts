import type { Decider, DomainEvent, ReservationCommand, ReservationState } from '@licita/shared';

/**
 * A reservation rule's claim as each context's spec words it (`{ rfc, supplierId, holderUsesRfc }`): `keys` names
 * the fields holding the value, the claimant and whether the current holder uses the value.
 */
export function claimsOf<TEvent extends DomainEvent>(
  rule: Decider<ReservationCommand, TEvent, ReservationState>,
  keys: { value: string; holder: string; uses: string },
) {
  return (state: ReservationState, claim: Record<string, string | boolean>, now: Date): TEvent[] =>
    rule.decide(
      {
        type: 'Claim',
        value: String(claim[keys.value]),
        holder: String(claim[keys.holder]),
        holderUsesValue: claim[keys.uses] === true,
      },
      state,
      { now, actor: 'test' },
    );
}
