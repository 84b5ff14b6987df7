import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor } from '@licita/event-store';
import { assertAuthorized } from '@licita/identity';
import { conflict, invalid, notFound } from '@licita/shared';
import { contractDecider, contractStream, type SignContract as SignContractCommand } from '../../domain/contract';
import type { MultiYearTerms } from '../../domain/multi-year';
import type { RecordContractSigned } from '../../domain/tender.commands';
import { tenderStream } from '../../domain/tender.events';
import { contractTermsFor } from '../../domain/tender.state';
import type { DocumentRef, IsoDateTime, TenderContent } from '../../domain/tender.types';
import { ContractMessage, ContractWriter, contractIdOf, type ContractOutcome } from '../contract-writer';
import { TenderWriter } from '../tender-writer';

export type SignContractInput = {
  tenderId: string;
  lotId: string;
  startDate: IsoDateTime;
  endDate: IsoDateTime;
  /** The signed contract first, then its annexes. */
  documents?: DocumentRef[];
  /** A multi-year contract (plurianual): the award's amount per fiscal year. */
  multiYear?: MultiYearTerms;
  /**
   * A consolidated purchase: the participating unit signing its own contract (its buyers sign it); required there,
   * refused elsewhere.
   */
  buyingUnitId?: string;
};

/** The contract of an awarded lot, from its award (supplier, amount, items), with its dates. */
export class SignContract extends ContractMessage<SignContractInput, ContractOutcome & { contractId: string }> {}

/**
 * Signing writes two streams, and is safe to send again, so a request that failed half-way completes when
 * retried: the terms come from the tender (read); the contract's own rules are decided first (dates, amount),
 * then the tender records the signature (refused unless the lot's award is final), then the contract stream
 * is written.
 */
@CommandHandler(SignContract)
export class SignContractHandler implements ICommandHandler<SignContract> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly tenders: TenderWriter,
    private readonly contracts: ContractWriter,
  ) {}

  async execute({
    command: input,
    principal,
    context,
  }: SignContract): Promise<ContractOutcome & { contractId: string }> {
    const { tenderId, lotId, startDate, endDate, documents, multiYear } = input;
    const { state: tender } = await this.executor.load(tenderStream(tenderId), this.tenders.decider);
    if (tender.content === null) throw notFound('tender.not_found', `there is no tender ${tenderId}`);
    const unit = signingUnit(tender.content, input.buyingUnitId);
    assertAuthorized({ type: 'SignContract', buyingUnitId: unit ?? tender.content.buyingUnitId }, principal);
    const contractId = contractIdOf(tenderId, lotId, unit);
    const record: RecordContractSigned = {
      type: 'RecordContractSigned',
      tenderId,
      lotId,
      contractId,
      ...(unit ? { buyingUnitId: unit } : {}),
    };
    const terms = contractTermsFor(tender, lotId, unit);
    if (terms === null) {
      await this.tenders.decide(tenderId, context, () => record); // refused by the tender, saying why (no such lot, not awarded...)
      throw conflict('contract.lot_not_awarded', `lot ${lotId} has no award`, { lotId });
    }
    const command: SignContractCommand = {
      type: 'SignContract',
      contractId,
      ...terms,
      startDate,
      endDate,
      documents,
      ...(multiYear ? { multiYear } : {}),
    };
    const outcome = await this.executor.decideWith(
      contractStream(contractId),
      contractDecider,
      async (contract) => {
        const events = contractDecider.decide(command, contract, { now: context.now, actor: context.actor });
        await this.contracts.assertDocumentsFit(events, terms.buyingUnitId);
        await this.tenders.decide(tenderId, context, () => record);
        return events;
      },
      context,
    );
    return { ...outcome, contractId };
  }
}

/**
 * The participating unit a consolidated purchase's contract is signed by (each signs its own, LAASSP art. 17);
 * `undefined` on any other tender, which refuses a unit.
 */
function signingUnit(content: TenderContent, buyingUnitId: string | undefined): string | undefined {
  if (content.consolidation === undefined) {
    if (buyingUnitId === undefined) return undefined;
    throw invalid('contract.not_consolidated', 'only a consolidated purchase is signed by a participating unit', {
      buyingUnitId,
    });
  }
  if (buyingUnitId === undefined)
    throw invalid(
      'contract.unit_required',
      'each participating unit of a consolidated purchase signs its own contract',
      {
        participants: content.consolidation.participants.map((p) => p.buyingUnitId),
      },
    );
  return buyingUnitId;
}
