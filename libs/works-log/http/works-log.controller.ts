import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { CommandContext } from '@licita/event-store';
import { CommandCtx, CurrentPrincipal, type Principal } from '@licita/identity';
import { CACHE, Cached, Read } from '@licita/platform';
import { ReadsFrom } from '@licita/projections';
import { WorksLogAttachment, WorksLogOfContract } from '../application/works-log-queries';
import {
  CloseWorksLogMessage,
  OpenWorksLogMessage,
  WriteWorksLogNoteMessage,
  type WorksLogAnswer,
} from '../application/works-log-writer';
import type { WorksLogView } from '../domain/works-log.view';
import { CloseWorksLogDto, OpenWorksLogDto, WriteWorksLogNoteDto } from './works-log.dto';

/** The works log (bitácora) of a public-works contract: written by its resident and superintendent, read by all. */
@ApiTags('works-logs')
@Controller('api/works-logs')
export class WorksLogController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':contractId')
  @ApiBearerAuth()
  @ApiCreatedResponse({ description: 'Note 1, the opening: `{ contractId, number, kind, hash, writtenAt }`' })
  @ApiUnprocessableEntityResponse({
    description:
      '`works_log.not_works_contract` (not a LOPSRM contract), `works_log.invalid_resident`, `works_log.invalid_superintendent`, `works_log.account_not_found`',
  })
  @ApiConflictResponse({ description: '`works_log.already_open`' })
  @ApiNotFoundResponse({ description: '`contract.not_found`' })
  open(
    @Param('contractId') contractId: string,
    @Body() body: OpenWorksLogDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<WorksLogAnswer> {
    return this.commands.execute(new OpenWorksLogMessage({ contractId, ...body }, principal, context));
  }

  @Post(':contractId/notes')
  @ApiBearerAuth()
  @ApiCreatedResponse({ description: 'The note, numbered after the last one and chained to its hash' })
  @ApiForbiddenResponse({ description: '`works_log.not_party`, `works_log.attachment_not_owned`' })
  @ApiUnprocessableEntityResponse({
    description:
      '`works_log.invalid_kind`, `works_log.reference_required`, `works_log.progress_decreased`, `works_log.invalid_progress`, `works_log.legal_basis_required`, e.firma: `works_log.signature_required`, `works_log.signature_mismatch`, `works_log.signer_not_a_person`, `works_log.signer_changed`, `efirma.*`, …',
  })
  @ApiConflictResponse({
    description: '`works_log.closed`, `works_log.log_moved_on` (sign again over the new head), `efirma.not_configured`',
  })
  write(
    @Param('contractId') contractId: string,
    @Body() body: WriteWorksLogNoteDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<WorksLogAnswer> {
    return this.commands.execute(new WriteWorksLogNoteMessage({ contractId, ...body }, principal, context));
  }

  @Post(':contractId/close')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'The closing note: nothing is written after it' })
  @ApiForbiddenResponse({ description: '`works_log.not_party` (only the resident closes)' })
  @ApiConflictResponse({ description: '`works_log.closed`' })
  close(
    @Param('contractId') contractId: string,
    @Body() body: CloseWorksLogDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<WorksLogAnswer> {
    return this.commands.execute(new CloseWorksLogMessage({ contractId, ...body }, principal, context));
  }

  @ReadsFrom('contract-execution')
  @Read(':contractId', {
    ok: "Public: every note (a private note's contents only to the contract's parties and auditors), the progress over time (reported, and financial as paid), the chain's head hash",
    notFound: '`works_log.not_found`',
    cache: CACHE.detail,
  })
  view(@Param('contractId') contractId: string, @CurrentPrincipal() principal: Principal): Promise<WorksLogView> {
    return this.queries.execute(new WorksLogOfContract(contractId, principal));
  }

  @Get(':contractId/attachments/:documentId/content')
  @Cached('private')
  @ApiOkResponse({ description: "A note's photo or document, for whoever sees the note's contents" })
  @ApiNotFoundResponse({ description: '`works_log.not_found`, `works_log.attachment_not_found`' })
  async attachment(
    @Param('contractId') contractId: string,
    @Param('documentId') documentId: string,
    @CurrentPrincipal() principal: Principal,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const { attachment, bytes } = await this.queries.execute(new WorksLogAttachment(contractId, documentId, principal));
    response.statusCode = 200;
    response.setHeader('Content-Type', attachment.mediaType);
    response.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`);
    response.setHeader('ETag', `"${attachment.sha256}"`);
    response.setHeader('Cache-Control', 'private, no-store');
    await pipeline(bytes, response);
  }
}
