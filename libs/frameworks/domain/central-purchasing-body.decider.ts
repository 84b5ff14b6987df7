import { notFound, type Decider } from '@licita/shared';
import type { DesignateCentralPurchasingBody } from './framework.commands';
import type { CentralPurchasingBodyEvent } from './framework.events';

export type CentralPurchasingBodyState = { designated: boolean };

/** The registrar designates a registered buying unit a central purchasing body; designating it again changes nothing. */
export const centralPurchasingBodyDecider: Decider<
  DesignateCentralPurchasingBody,
  CentralPurchasingBodyEvent,
  CentralPurchasingBodyState
> = {
  initialState: () => ({ designated: false }),
  decide(command, state, { now }) {
    if (!command.unitExists) throw notFound('buying_unit.not_found', `no buying unit ${command.buyingUnitId}`);
    if (state.designated) return [];
    return [
      {
        type: 'CentralPurchasingBodyDesignated',
        data: { buyingUnitId: command.buyingUnitId, designatedAt: now.toISOString() },
      },
    ];
  },
  evolve: (_state, event) => (event.type === 'CentralPurchasingBodyDesignated' ? { designated: true } : _state),
};
