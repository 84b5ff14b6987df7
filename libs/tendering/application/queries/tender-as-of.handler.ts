import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import type { Principal } from '@licita/identity';
import { foldAsOf } from '@licita/ledger';
import { tenderStream, type TenderEvent } from '../../domain/tender.events';
import { applyToView, type TenderView } from '../../projections/tender-view';
import { visibleView } from './visible-view';

/** A tender exactly as it stood at `asOf` (time travel), with the same visibility rules as now. */
export class TenderAsOf extends Query<TenderView> {
  constructor(
    readonly tenderId: string,
    readonly principal: Principal,
    readonly asOf: Date,
  ) {
    super();
  }
}

/** Folded from the tender's stream up to `asOf`, not from the read model. */
@QueryHandler(TenderAsOf)
export class TenderAsOfHandler implements IQueryHandler<TenderAsOf> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ tenderId, principal, asOf }: TenderAsOf): Promise<TenderView> {
    const recorded = await this.store.readStream(tenderStream(tenderId));
    const view = foldAsOf(
      recorded,
      asOf,
      (folded: TenderView | null, e) => applyToView(folded, { type: e.type, data: e.data } as TenderEvent),
      null,
    );
    return visibleView(tenderId, view, principal, asOf);
  }
}
