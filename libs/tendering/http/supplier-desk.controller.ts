import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@licita/identity';
import { DomainError } from '@licita/shared';
import {
  SealedProposalsOfTender,
  SupplierProcedures,
  type MyProcedure,
  type SealedProposalMetadata,
} from '../application/queries/supplier-desk.handler';

/**
 * The reads of the supplier's and the auditor's desks that no public read model answers: a supplier's own
 * procedures with its proposals' states, and the sealed-proposal metadata of a tender for auditors (commitments,
 * sizes, signatures, times: never contents). Both from `supplier_proposals`, eventually consistent.
 */
@ApiTags('tenders')
@ApiBearerAuth()
@Controller('api')
export class SupplierDeskController {
  constructor(private readonly queries: QueryBus) {}

  @Get('me/procedures')
  @ApiOkResponse({
    description:
      "The calling supplier's procedures (those it submitted a proposal to), newest first: each proposal's receipt " +
      'and state (sealed, withdrawn, opened, not compliant, awarded, not awarded, cancelled), its lots with awards, ' +
      'auctions and contracts, and the challenges it filed',
  })
  @ApiForbiddenResponse({ description: '`auth.forbidden` for anyone but a supplier (401 `auth.unauthenticated`)' })
  procedures(@CurrentPrincipal() principal: Principal): Promise<MyProcedure[]> {
    if (principal.kind === 'anonymous') throw new DomainError('auth.unauthenticated', 'log in', 'unauthorized');
    if (principal.kind !== 'account' || principal.role !== 'supplier' || !principal.supplierId)
      throw new DomainError('auth.forbidden', 'only a supplier reads its procedures', 'forbidden');
    return this.queries.execute(new SupplierProcedures(principal.supplierId));
  }

  @Get('tenders/:id/sealed-proposals')
  @ApiOkResponse({
    description:
      'For auditors: every proposal of the tender as sealed metadata — supplier, lots, SHA-256 commitment, size of ' +
      'the sealed bytes, e.firma or not, first and last submission, replacements, withdrawal. Never an amount, an ' +
      'item or a document.',
  })
  @ApiForbiddenResponse({ description: '`auth.forbidden` for anyone but an auditor (401 `auth.unauthenticated`)' })
  @ApiNotFoundResponse({ description: '`tender.not_found`' })
  sealedProposals(
    @Param('id') tenderId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SealedProposalMetadata[]> {
    if (principal.kind === 'anonymous') throw new DomainError('auth.unauthenticated', 'log in', 'unauthorized');
    if (principal.kind !== 'account' || principal.role !== 'auditor')
      throw new DomainError('auth.forbidden', 'only auditors read sealed-proposal metadata', 'forbidden');
    return this.queries.execute(new SealedProposalsOfTender(tenderId));
  }
}
