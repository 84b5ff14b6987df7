import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { assertAuthorized } from '@licita/identity';
import { SupplierRegistry } from '@licita/suppliers';
import type { AuctionScheduled } from '../../domain/auction.events';
import { lotAuctionSetup } from '../auction-from-tender';
import { AuctionService } from '../auction.service';
import { ScheduleLotAuction } from './auction-commands';

/**
 * Gathers the facts (the tender's evaluation of the lot, the participants' names from the register), then the
 * auction's writer decides and appends once. The auction id follows from tender and lot: a lot has one auction.
 */
@CommandHandler(ScheduleLotAuction)
export class ScheduleLotAuctionHandler implements ICommandHandler<ScheduleLotAuction> {
  constructor(
    private readonly auctions: AuctionService,
    private readonly suppliers: SupplierRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ tenderId, lotId, settings, principal, context }: ScheduleLotAuction): Promise<AuctionScheduled> {
    const name = async (supplierId: string) => (await this.suppliers.load(supplierId)).data?.legalName ?? supplierId;
    const setup = await lotAuctionSetup(this.store, tenderId, lotId, name, (buyingUnitId) =>
      assertAuthorized({ type: 'ScheduleAuction', buyingUnitId }, principal),
    );
    return this.auctions.scheduleAuction(
      {
        auctionId: setup.auctionId,
        tenderId,
        lotId,
        currency: setup.currency,
        ...settings,
        participants: setup.participants,
        ...(setup.timeAcceleration === undefined ? {} : { timeAcceleration: setup.timeAcceleration }),
      },
      { actor: context.actor, correlationId: context.correlationId },
    );
  }
}
