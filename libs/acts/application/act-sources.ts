import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { BuyingUnitById } from '@licita/buying-units';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@licita/event-store';
import { ANONYMOUS } from '@licita/identity';
import { conflict, notFound } from '@licita/shared';
import { SupplierById } from '@licita/suppliers';
import { TenderById, type TenderView } from '@licita/tendering';
import type { AuctionClosed } from '@licita/auctions';
import type { ActEvent, ActProcedure, ActSupplier, AuctionResultAct, OpeningAct, RulingAct } from '../domain/act.types';

const RULING_EVENTS = new Set(['LotAwarded', 'LotDeserted', 'TenderDeserted', 'AwardRevised']);
const PENDING_LOT = new Set(['open', 'auction']);

/**
 * What the acts say, read from the other contexts: the tender as the public reads it now (TenderById with the
 * anonymous principal, so the auction-anonymity rule has already taken out what is still sealed), names and
 * RFCs from the supplier register, and the act's event itself from the log, for its position and time.
 */
@Injectable()
export class ActSources {
  constructor(
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async opening(tenderId: string, now: Date): Promise<OpeningAct> {
    const view = await this.tender(tenderId, now);
    const opened = (await this.store.readStream(`tender-${tenderId}`)).find((e) => e.type === 'ProposalsOpened');
    if (!view.opening || !opened) throw notYetHeld('opening', tenderId);
    const proposals = await Promise.all(
      view.opening.proposals.map(async (proposal) => ({
        proposalId: proposal.proposalId,
        supplier: await this.supplier(proposal.supplierId, now),
        commitment: proposal.commitment,
        submittedAt: proposal.submittedAt,
        lots: proposal.lotIds.map((lotId) => ({
          lotId,
          amount: proposal.offers.find((offer) => offer.lotId === lotId)?.amount ?? null,
        })),
      })),
    );
    return { kind: 'opening', procedure: await this.procedure(view), event: actEvent(opened), proposals };
  }

  async ruling(tenderId: string, now: Date): Promise<RulingAct> {
    const view = await this.tender(tenderId, now);
    const last = (await this.store.readStream(`tender-${tenderId}`)).filter((e) => RULING_EVENTS.has(e.type)).at(-1);
    if (!last || view.lotResults.length === 0 || view.lotResults.some((lot) => PENDING_LOT.has(lot.status)))
      throw notYetHeld('ruling', tenderId);
    const lots = await Promise.all(
      view.lotResults.map(async (lot) => ({
        lotId: lot.lotId,
        award: lot.award && {
          supplier: await this.supplier(lot.award.supplierId, now),
          amount: lot.award.amount,
          basis: lot.award.basis,
          awardedAt: lot.award.awardedAt,
          objectionPeriodEndsAt: lot.award.objectionPeriodEndsAt,
        },
        desertionReason: lot.desertionReason,
        nonCompliant: await Promise.all(
          lot.nonCompliant.map(async (p) => ({ supplier: await this.supplier(p.supplierId, now), reasons: p.reasons })),
        ),
      })),
    );
    return { kind: 'ruling', procedure: await this.procedure(view), event: actEvent(last), lots };
  }

  async auctionResult(auctionId: string, now: Date): Promise<AuctionResultAct> {
    const events = await this.store.readStream(`auction-${auctionId}`);
    if (events.length === 0) throw notFound('auction.not_found', `there is no auction ${auctionId}`);
    const closed = events.find((e) => e.type === 'AuctionClosed');
    if (!closed) throw notYetHeld('auction_result', auctionId);
    const data = closed.data as unknown as AuctionClosed['data'];
    const view = await this.tender(data.tenderId, now).catch(() => null);
    const ranking = await Promise.all(
      data.ranking.map(async (line) => ({
        rank: line.rank,
        label: line.label,
        supplier: { ...(await this.supplier(line.bidderId, now)), name: line.name },
        openingPrice: line.openingPrice,
        finalPrice: line.finalPrice,
        bids: line.bids,
      })),
    );
    return {
      kind: 'auction_result',
      auctionId,
      procedure: view && (await this.procedure(view)),
      lotId: data.lotId,
      currency: data.currency,
      endsAt: data.endsAt,
      event: { position: closed.globalPosition.toString(), occurredAt: data.closedAt },
      ranking,
      savings: data.savings,
    };
  }

  private tender(tenderId: string, now: Date): Promise<TenderView> {
    return this.queries.execute(new TenderById(tenderId, ANONYMOUS, now));
  }

  private async procedure(view: TenderView): Promise<ActProcedure> {
    const unit = await this.queries.execute(new BuyingUnitById(view.buyingUnitId)).catch(() => null);
    return {
      tenderId: view.tenderId,
      title: view.title,
      buyingUnit: unit ? `${unit.name} (${unit.code})` : view.buyingUnitId,
      procedureType: view.procedureType,
      lots: view.lots.map((lot) => ({ lotId: lot.lotId, title: lot.title })),
    };
  }

  /** The register's public profile; a supplier it does not show publicly is named by its id. */
  private async supplier(supplierId: string, now: Date): Promise<ActSupplier> {
    const profile = await this.queries.execute(new SupplierById(supplierId, { staff: false }, now)).catch(() => null);
    return profile
      ? { supplierId, name: profile.legalName, rfc: profile.rfc }
      : { supplierId, name: supplierId, rfc: null };
  }
}

/** The act's event: its global position, and when it happened in the domain (what the act and its signature date). */
const actEvent = (event: RecordedEvent): ActEvent => ({
  position: event.globalPosition.toString(),
  occurredAt: event.metadata.occurredAt ?? event.recordedAt.toISOString(),
});

const notYetHeld = (act: string, id: string) =>
  conflict('act.not_yet_held', `the ${act.replace('_', ' ')} act of ${id} has not been held yet`, { act, id });
