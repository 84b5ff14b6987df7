import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { applyDecorators, Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CACHE, Cached, ExportRateLimit, Read, requestLanguage, TableExports } from '@licita/platform';
import { ReadsFrom } from '@licita/projections';
import type { CommandContext } from '@licita/event-store';
import {
  Authorize,
  CommandCtx,
  CurrentPrincipal,
  newId,
  type AuthenticatedRequest,
  type Principal,
} from '@licita/identity';
import {
  ImposeSanction,
  LiftSanction,
  RegisterSupplier,
  ReinstateSupplier,
  RejectSupplier,
  SuspendSupplier,
  UpdateSupplierData,
  VerifySupplier,
  type SupplierDecision,
} from '../application/commands/supplier.commands';
import {
  ExportSanctions,
  ExportSuppliers,
  SearchSanctions,
  SearchSuppliers,
  SupplierById,
} from '../application/queries/supplier.queries';
import { AttachSupplierDocuments, SupplierDocumentContent, SupplierDocuments } from '../application/supplier-documents';
import { SupplierHistory, type SupplierHistoryEntry } from '../application/supplier-history';
import type { SupplierDocument } from '../domain/supplier.commands';
import type {
  Page,
  SanctionedSupplier,
  SupplierProfile,
  SupplierSummary,
  Viewer,
} from '../application/supplier-queries';
import {
  AttachSupplierDocumentsDto,
  ImposeSanctionDto,
  ReasonDto,
  RegisterSupplierDto,
  SanctionSearchQuery,
  SanctionExportQuery,
  SupplierExportQuery,
  SupplierSearchQuery,
  UpdateSupplierDto,
} from './suppliers.dto';

type Outcome = { supplierId: string; status: string };

const ownSupplier = (request: AuthenticatedRequest) => ({ supplierId: request.params.id });

/** `POST /api/suppliers/:id/<action>`: a registrar's decision on the supplier's status, answered 200. */
const StatusDecision = (action: string, command: string) =>
  applyDecorators(Post(`suppliers/:id/${action}`), HttpCode(200), ApiBearerAuth(), Authorize(command));

/** The single register of suppliers: self-service registration, the registrar's decisions, sanctions, directories. */
@ApiTags('suppliers')
@Controller('api')
export class SuppliersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly exports: TableExports,
  ) {}

  @Post('suppliers')
  @Authorize('RegisterSupplier')
  @ApiCreatedResponse({
    description:
      'Registered as `pending`, with its supplier account (only the supplier itself registers: no one else sets its password). ' +
      'The same request again (same supplierId or Idempotency-Key) completes a half-done one.',
  })
  @ApiUnprocessableEntityResponse({
    description:
      '`rfc.invalid` (details.part: structure, generic, letters, date, homoclave, check_digit), `supplier.*`, `classifier.unknown_code`, `account.weak_password`',
  })
  @ApiConflictResponse({ description: '`supplier.rfc_taken`, `account.email_taken`' })
  register(@Body() body: RegisterSupplierDto, @CommandCtx() context: CommandContext) {
    const { supplierId, account, ...data } = body;
    const supplier = { supplierId: newId(context, 'supplier', supplierId), ...data };
    return this.commands.execute(new RegisterSupplier(supplier, account, context));
  }

  @Patch('suppliers/:id')
  @ApiBearerAuth()
  @Authorize('UpdateSupplierData', ownSupplier)
  @ApiOkResponse({ description: 'The fields that changed; a new RFC or legal name makes the supplier `pending` again' })
  async update(
    @Param('id') supplierId: string,
    @Body() changes: UpdateSupplierDto,
    @CommandCtx() context: CommandContext,
  ) {
    const outcome = await this.commands.execute(new UpdateSupplierData(supplierId, { ...changes }, context));
    const changed = outcome.events.flatMap((event) =>
      event.type === 'SupplierDataChanged' ? Object.keys(event.data.changes) : [],
    );
    return { supplierId, status: outcome.state.status, changedFields: changed };
  }

  @Post('suppliers/:id/documents')
  @HttpCode(200)
  @ApiBearerAuth()
  @Authorize('AttachSupplierDocuments', ownSupplier)
  @ApiOkResponse({
    description:
      'The documents now attached (each uploaded first with POST /api/documents by this supplier). While pending or rejected (a rejected supplier goes back to pending). ' +
      '422 `supplier.invalid_document*`, `supplier.document_not_uploaded`, `supplier.document_mismatch`; 403 `supplier.document_not_owned`; 409 `supplier.documents_closed`',
  })
  async attachDocuments(
    @Param('id') supplierId: string,
    @Body() body: AttachSupplierDocumentsDto,
    @CommandCtx() context: CommandContext,
  ) {
    const documents = body.documents.map((document) => ({ ...document }));
    const outcome = await this.commands.execute(new AttachSupplierDocuments(supplierId, documents, context));
    return { supplierId, status: outcome.state.status, documents: outcome.state.documents };
  }

  @ReadsFrom() // read from the supplier's stream itself
  @Read('suppliers/:id/documents', {
    ok: 'The documents the supplier attached (constancia de situación fiscal, acta constitutiva...): personal data, for registrars, auditors and the supplier itself',
    notFound: '`supplier.not_found` (also for anyone else)',
  })
  documents(@Param('id') supplierId: string, @CurrentPrincipal() principal: Principal): Promise<SupplierDocument[]> {
    return this.queries.execute(new SupplierDocuments(supplierId, viewerOf(principal)));
  }

  @Get('suppliers/:id/documents/:documentId/content')
  @ApiOkResponse({ description: 'The bytes of one of them, for the same readers (never cached)' })
  @ApiNotFoundResponse({ description: '`supplier.not_found`, `supplier.document_not_found`' })
  async documentContent(
    @Param('id') supplierId: string,
    @Param('documentId') documentId: string,
    @CurrentPrincipal() principal: Principal,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const { document, bytes } = await this.queries.execute(
      new SupplierDocumentContent(supplierId, documentId, viewerOf(principal)),
    );
    response.statusCode = 200;
    response.setHeader('Content-Type', document.mediaType);
    response.setHeader('Content-Length', document.size);
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('ETag', `"${document.sha256}"`);
    const ascii = document.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(document.name)}`,
    );
    await pipeline(bytes, response);
  }

  @StatusDecision('verify', 'VerifySupplier')
  verify(@Param('id') id: string, @CommandCtx() context: CommandContext): Promise<Outcome> {
    return this.decide(new VerifySupplier(id, context));
  }

  @StatusDecision('reject', 'RejectSupplier')
  reject(@Param('id') id: string, @Body() body: ReasonDto, @CommandCtx() context: CommandContext): Promise<Outcome> {
    return this.decide(new RejectSupplier(id, body.reason, context));
  }

  @StatusDecision('suspend', 'SuspendSupplier')
  suspend(@Param('id') id: string, @Body() body: ReasonDto, @CommandCtx() context: CommandContext): Promise<Outcome> {
    return this.decide(new SuspendSupplier(id, body.reason, context));
  }

  @StatusDecision('reinstate', 'ReinstateSupplier')
  reinstate(@Param('id') id: string, @Body() body: ReasonDto, @CommandCtx() ctx: CommandContext): Promise<Outcome> {
    return this.decide(new ReinstateSupplier(id, body.reason, ctx));
  }

  @Post('suppliers/:id/sanctions')
  @ApiBearerAuth()
  @Authorize('ImposeSanction')
  @ApiCreatedResponse({ description: 'Imposed; with an end date, the durable scheduler records its end at that date' })
  async impose(
    @Param('id') supplierId: string,
    @Body() body: ImposeSanctionDto,
    @CommandCtx() context: CommandContext,
  ) {
    const sanctionId = newId(context, 'sanction', body.sanctionId);
    const { startsAt, endsAt, reason, resolutionNumber } = body;
    await this.commands.execute(
      new ImposeSanction(
        { supplierId, sanctionId, startsAt, endsAt: endsAt ?? null, reason, resolutionNumber },
        context,
      ),
    );
    return { supplierId, sanctionId };
  }

  @Post('suppliers/:id/sanctions/:sanctionId/lift')
  @HttpCode(200)
  @ApiBearerAuth()
  @Authorize('LiftSanction')
  async lift(
    @Param('id') supplierId: string,
    @Param('sanctionId') sanctionId: string,
    @Body() body: ReasonDto,
    @CommandCtx() context: CommandContext,
  ) {
    await this.commands.execute(new LiftSanction(supplierId, sanctionId, body.reason, context));
    return { supplierId, sanctionId, lifted: true };
  }

  @ReadsFrom('supplier-register')
  @Read('suppliers', {
    ok: 'Public directory (verified and suspended suppliers; registrars and auditors see every status). Ordered by name.',
    cache: CACHE.list,
  })
  directory(
    @Query() query: SupplierSearchQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<SupplierSummary>> {
    return this.queries.execute(new SearchSuppliers(query, viewerOf(principal)));
  }

  // Before `suppliers/:id`, which would take `export` for an id.
  @ReadsFrom('supplier-register')
  @Get('suppliers/export')
  @Cached(CACHE.list)
  @ExportRateLimit()
  @ApiOperation({ summary: 'The directory a search finds, as a CSV (UTF-8 with BOM) or XLSX file, streamed, by name' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description:
      'An attachment `licita-proveedores-YYYY-MM-DD.csv|xlsx` (`suppliers` in English): the same suppliers and fields the directory shows the caller. 400 `request.invalid`, `export.too_many_rows`',
  })
  async export(
    @Query() query: SupplierExportQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const { format = 'csv', lang, ...filter } = query;
    const language = lang ?? requestLanguage();
    const source = await this.queries.execute(new ExportSuppliers(filter, viewerOf(principal), language));
    await this.exports.send(response, source, { format, language, now: request.now });
  }

  @ReadsFrom('supplier-register')
  @Read('suppliers/:id', {
    ok: 'Public profile; the supplier itself and staff see every field (see SupplierQueries)',
    notFound: '`supplier.not_found` (also for a pending or rejected supplier the caller may not see)',
    cache: CACHE.detail,
  })
  profile(
    @Param('id') supplierId: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<SupplierProfile> {
    return this.queries.execute(new SupplierById(supplierId, viewerOf(principal), request.now));
  }

  @ReadsFrom() // read from the supplier's stream itself: nothing to wait for
  @Read('suppliers/:id/history', {
    ok: "The supplier's history in the register, oldest first: registration, data changes, verification, rejection, suspension, reinstatement and sanctions, each with when, who and why. For registrars, auditors and the supplier itself",
    notFound: '`supplier.not_found` (also for anyone else)',
  })
  history(@Param('id') supplierId: string, @CurrentPrincipal() principal: Principal): Promise<SupplierHistoryEntry[]> {
    return this.queries.execute(new SupplierHistory(supplierId, viewerOf(principal)));
  }

  @ReadsFrom('supplier-register')
  @Get('sanctions/export')
  @Cached(CACHE.list)
  @ExportRateLimit()
  @ApiOperation({ summary: 'The sanctions directory, as a CSV (UTF-8 with BOM) or XLSX file, streamed, newest first' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description:
      'An attachment `licita-sanciones-YYYY-MM-DD.csv|xlsx` (`sanctions` in English): the sanctions the list shows, with the same `current` filter. 400 `request.invalid`, `export.too_many_rows`',
  })
  async exportSanctions(
    @Query() query: SanctionExportQuery,
    @Req() request: AuthenticatedRequest,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const { format = 'csv', lang, ...search } = query;
    const language = lang ?? requestLanguage();
    const source = await this.queries.execute(new ExportSanctions(search, request.now, language));
    await this.exports.send(response, source, { format, language, now: request.now });
  }

  @ReadsFrom('supplier-register')
  @Read('sanctions', { ok: 'Public directory of sanctioned suppliers, current and historic', cache: CACHE.list })
  sanctions(
    @Query() query: SanctionSearchQuery,
    @Req() request: AuthenticatedRequest,
  ): Promise<Page<SanctionedSupplier>> {
    return this.queries.execute(new SearchSanctions(query, request.now));
  }

  private async decide(command: SupplierDecision): Promise<Outcome> {
    const outcome = await this.commands.execute(command);
    return { supplierId: command.supplierId, status: outcome.state.status };
  }
}

function viewerOf(principal: Principal): Viewer {
  if (principal.kind !== 'account') return { staff: false };
  return { staff: principal.role === 'registrar' || principal.role === 'auditor', supplierId: principal.supplierId };
}
