import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { CommandContext } from '@licita/event-store';
import { CommandCtx, CurrentPrincipal, newId, type Principal } from '@licita/identity';
import { AmendContract } from '../application/commands/amend-contract.handler';
import { CompleteContract } from '../application/commands/complete-contract.handler';
import { SignContract } from '../application/commands/sign-contract.handler';
import { TerminateContract } from '../application/commands/terminate-contract.handler';
import type { ContractOutcome } from '../application/contract-writer';
import { ContractById, type ContractView } from '../application/queries/contract-by-id.handler';
import { ActionEndpoint, CommandEndpoint } from './command-endpoints';
import { AmendContractDto, SignContractDto, TerminateContractDto } from './tenders.dto';
import { CACHE, Cached } from '@licita/platform';

const summary = (contractId: string, outcome: ContractOutcome) => ({
  contractId,
  status: outcome.state.status,
  amount: outcome.state.amount,
  endDate: outcome.state.endDate,
});

/** The contract of each awarded lot: signature, amendments (the 20 % rule), completion or early termination. */
@ApiTags('contracts')
@Controller('api/contracts')
export class ContractsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @CommandEndpoint(Post(), 'SignContract')
  @ApiCreatedResponse({
    description:
      "The lot's contract, from its award (supplier, amount, items); one per lot, so signing again returns the same contract",
  })
  @ApiConflictResponse({
    description:
      "`contract.award_not_final` (objection period or a challenge pending), `contract.lot_not_awarded`; `details.status` is the tender's",
  })
  @ApiUnprocessableEntityResponse({
    description: '`contract.invalid_dates`, `contract.document_mismatch`, `contract.invalid_document`',
  })
  @ApiForbiddenResponse({ description: '`contract.document_not_owned`: an upload of another unit' })
  async sign(
    @Body() body: SignContractDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const outcome = await this.commands.execute(new SignContract(body, principal, context));
    return {
      ...summary(outcome.contractId, outcome),
      tenderId: body.tenderId,
      lotId: body.lotId,
      supplierId: outcome.state.original?.supplierId,
    };
  }

  @Get(':id')
  @Cached(CACHE.detail)
  @ApiOkResponse({ description: 'Public: the contract as signed and as amended, and how it ended' })
  @ApiNotFoundResponse({ description: '`contract.not_found`' })
  view(@Param('id') contractId: string): Promise<ContractView> {
    return this.queries.execute(new ContractById(contractId));
  }

  @CommandEndpoint(Post(':id/amendments'), 'AmendContract')
  @ApiCreatedResponse({ description: "Amended: amount, quantities, end date or a multi-year contract's fiscal years" })
  @ApiUnprocessableEntityResponse({
    description:
      "`contract.amendment_exceeds_limit` beyond 20 % of the original amount or of an item's quantity, in total (LAASSP art. 52)",
  })
  @ApiConflictResponse({ description: '`contract.invalid_transition` once completed or terminated' })
  async amend(
    @Param('id') contractId: string,
    @Body() body: AmendContractDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const amendmentId = newId(context, 'contract-amendment', body.amendmentId);
    const { amount, quantities, endDate, fiscalYears, reason, documents } = body;
    const command = {
      type: 'AmendContract' as const,
      contractId,
      amendmentId,
      amount,
      quantities,
      endDate,
      fiscalYears,
      reason,
      documents,
    };
    const outcome = await this.commands.execute(new AmendContract(command, principal, context));
    return { ...summary(contractId, outcome), amendmentId };
  }

  @ActionEndpoint(':id/complete', 'CompleteContract')
  @ApiOkResponse({ description: 'Completed; the tender completes when all its contracts are closed' })
  @ApiConflictResponse({ description: '`contract.not_started`, `contract.invalid_transition`' })
  async complete(
    @Param('id') contractId: string,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const command = new CompleteContract({ type: 'CompleteContract', contractId }, principal, context);
    return summary(contractId, await this.commands.execute(command));
  }

  @ActionEndpoint(':id/terminate', 'TerminateContract')
  @ApiOkResponse({ description: 'Terminated early (general interest) or rescinded (breach), with its reason' })
  @ApiConflictResponse({ description: '`contract.invalid_transition`' })
  async terminate(
    @Param('id') contractId: string,
    @Body() body: TerminateContractDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const command = { type: 'TerminateContract' as const, contractId, kind: body.kind, reason: body.reason };
    return summary(contractId, await this.commands.execute(new TerminateContract(command, principal, context)));
  }
}
