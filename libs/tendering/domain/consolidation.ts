import { invalid, money, type Money } from '@licita/shared';
import type { TenderLot } from './tender.types';

/**
 * A consolidated purchase (compra consolidada, LAASSP art. 17; CompraNet's `COMPRA_CONSOLIDADA` = 1): the tender's
 * buying unit (the consolidating, central one) runs one procedure for the requirements of several units. Each
 * participating unit is recorded by the central unit with the reference of the unit's own request (its
 * requisition or official letter), the quantities of the tender's items it requires and what it commits from its
 * budget. The quantities of all participants add up to the tender's: the tender buys exactly what was requested.
 * After the award each participating unit signs its own contract with the winner (as in Mexico's consolidated
 * purchases), for its quantities and its share of the lot's awarded amount (`unitShares`).
 */
export type ConsolidatedParticipant = {
  buyingUnitId: string;
  /** The unit's request the central unit consolidates (requisición, oficio), as the unit numbered it. */
  requestReference: string;
  /** The quantities of the tender's items this unit requires; an item it does not name, none. */
  items: Array<{ itemId: string; quantity: number }>;
  /** What the unit commits from its own budget, in the tender's currency (integer centavos). */
  commitment: Money;
};

export type Consolidation = { participants: ConsolidatedParticipant[] };

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const THOUSANDTHS = (quantity: number) => Math.round(quantity * 1000);

/** The consolidation as recorded, or throws `tender.consolidation_invalid` / `tender.consolidation_quantities_mismatch`. */
export function checkConsolidation(consolidation: Consolidation, lots: TenderLot[], currency: string): Consolidation {
  const participants = Array.isArray(consolidation?.participants) ? consolidation.participants : [];
  if (participants.length < 2)
    throw invalid('tender.consolidation_invalid', 'a consolidated purchase is for at least two units', {
      field: 'consolidation',
    });
  const items = new Map(lots.flatMap((lot) => lot.items.map((item) => [item.itemId, item] as const)));
  const units = new Set<string>();
  const checked = participants.map((participant, index) => {
    const field = `consolidation.participants[${index}]`;
    const unit = participant?.buyingUnitId;
    if (typeof unit !== 'string' || !ID.test(unit) || units.has(unit))
      throw invalid('tender.consolidation_invalid', 'each participating unit appears once', {
        field: `${field}.buyingUnitId`,
      });
    units.add(unit);
    const requestReference =
      typeof participant.requestReference === 'string' ? participant.requestReference.trim() : '';
    if (requestReference === '' || requestReference.length > 200)
      throw invalid('tender.consolidation_invalid', "each participating unit's request is referenced", {
        field: `${field}.requestReference`,
      });
    const required = (participant.items ?? []).map(({ itemId, quantity }) => {
      if (!items.has(itemId) || !(typeof quantity === 'number' && quantity > 0 && Number.isFinite(quantity)))
        throw invalid(
          'tender.consolidation_invalid',
          'a participant requires a positive quantity of an item of the tender',
          {
            field: `${field}.items`,
            itemId: itemId ?? null,
          },
        );
      return { itemId, quantity };
    });
    if (required.length === 0 || new Set(required.map((r) => r.itemId)).size !== required.length)
      throw invalid('tender.consolidation_invalid', 'a participant requires at least one item, each once', {
        field: `${field}.items`,
      });
    const commitment = participant.commitment;
    if (!commitment || !Number.isSafeInteger(commitment.amount) || commitment.amount <= 0)
      throw invalid('tender.consolidation_invalid', 'a participant commits a positive integer of centavos', {
        field: `${field}.commitment`,
      });
    if ((commitment.currency ?? currency) !== currency)
      throw invalid('tender.currency_mismatch', `${field}.commitment is not in ${currency}`, {
        field: `${field}.commitment`,
        currency,
      });
    return { buyingUnitId: unit, requestReference, items: required, commitment: money(commitment.amount, currency) };
  });
  for (const [itemId, item] of items) {
    const requested = checked.reduce(
      (sum, p) => sum + THOUSANDTHS(p.items.find((i) => i.itemId === itemId)?.quantity ?? 0),
      0,
    );
    if (requested !== THOUSANDTHS(item.quantity))
      throw invalid(
        'tender.consolidation_quantities_mismatch',
        "the participants' quantities do not add up to the item's",
        {
          itemId,
          quantity: item.quantity,
          requested: requested / 1000,
        },
      );
  }
  return { participants: checked };
}

/** The participants that require something of a lot, in the order they were recorded. */
export const participantsOfLot = (consolidation: Consolidation, lot: TenderLot): ConsolidatedParticipant[] =>
  consolidation.participants.filter((p) => p.items.some((i) => lot.items.some((item) => item.itemId === i.itemId)));

/**
 * Each participating unit's share of a lot's awarded amount, in proportion to the estimated value of its
 * quantities (quantity × estimated unit price), in whole centavos: each share rounded down, the centavos left over
 * go one by one to the largest remainders (ties: the participant recorded first). The shares add up to the award.
 */
export function unitShares(
  consolidation: Consolidation,
  lot: TenderLot,
  awarded: number,
): Array<{ buyingUnitId: string; amount: number; items: Array<{ itemId: string; quantity: number }> }> {
  const participants = participantsOfLot(consolidation, lot);
  if (participants.length === 0) return [];
  const weightOf = (p: ConsolidatedParticipant) =>
    p.items.reduce((sum, i) => {
      const item = lot.items.find((it) => it.itemId === i.itemId);
      return item ? sum + BigInt(THOUSANDTHS(i.quantity)) * BigInt(item.estimatedUnitPrice) : sum;
    }, 0n);
  const weights = participants.map(weightOf);
  const total = weights.reduce((a, b) => a + b, 0n);
  const amount = BigInt(awarded);
  const raw = weights.map((w) => (total === 0n ? 0n : (amount * w) / total));
  const remainders = weights.map((w, index) => ({ index, rest: total === 0n ? 0n : (amount * w) % total }));
  let left = amount - raw.reduce((a, b) => a + b, 0n);
  if (total === 0n) raw[0] = amount;
  else
    for (const { index } of remainders.sort((a, b) =>
      b.rest > a.rest ? 1 : b.rest < a.rest ? -1 : a.index - b.index,
    )) {
      if (left === 0n) break;
      raw[index] += 1n;
      left -= 1n;
    }
  return participants.map((p, index) => ({
    buyingUnitId: p.buyingUnitId,
    amount: Number(raw[index]),
    items: p.items.filter((i) => lot.items.some((item) => item.itemId === i.itemId)),
  }));
}
