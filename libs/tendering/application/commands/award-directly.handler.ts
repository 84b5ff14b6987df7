import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { ProcedureNumbers } from '../procedure-numbers';
import { TenderMessage, TenderWriter, type TenderOutcome } from '../tender-writer';

/** A direct award of a draft: each lot's amount, and its supplier unless the draft names the one of every lot. */
export class AwardDirectly extends TenderMessage<Pick<C.AwardDirectly, 'tenderId' | 'lots'>> {}

/** At most this many distinct suppliers are looked up for one award (a procedure's lots are bounded too). */
const MAX_SUPPLIERS = 500;

/**
 * Awards each lot to its supplier (the draft's, or the one the request names per lot), every supplier's standing
 * looked up at `now`; the procedure's number (`AA-…`) is reserved once the award is decided possible without it.
 */
@CommandHandler(AwardDirectly)
export class AwardDirectlyHandler implements ICommandHandler<AwardDirectly> {
  constructor(
    private readonly tenders: TenderWriter,
    private readonly numbers: ProcedureNumbers,
  ) {}

  execute({ command: { tenderId, lots }, principal, context }: AwardDirectly): Promise<TenderOutcome> {
    return this.tenders.decide(tenderId, context, async (state) => {
      const content = this.tenders.authorize(state, 'AwardDirectly', principal);
      const named = content.directAward?.supplierId;
      const supplierIds = new Set((lots ?? []).map((lot) => lot.supplierId ?? named));
      const ids = [...supplierIds].filter((id): id is string => typeof id === 'string' && id.length > 0);
      const suppliers = await Promise.all(
        ids.slice(0, MAX_SUPPLIERS).map((supplierId) => this.tenders.standingOf(supplierId, context.now)),
      );
      const command: C.AwardDirectly = { type: 'AwardDirectly', tenderId, lots, suppliers };
      if (state.number !== null || !this.tenders.wouldAccept(command, state, context)) return command;
      return { ...command, number: await this.numbers.reserve(tenderId, content, context) };
    });
  }
}
