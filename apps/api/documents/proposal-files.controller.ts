import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { SealedDocumentReceipt } from '@licita/documents';
import type { CommandContext } from '@licita/event-store';
import { Authorize, CommandCtx, CurrentPrincipal, newId, type Principal } from '@licita/identity';
import { ProposalFileContent, UploadProposalFile } from '@licita/tendering';
import { contentDisposition } from './content-headers';
import { receiveOneFile } from './multipart-upload';

/**
 * Sealed proposal files (issue #17): a supplier uploads each technical or economic file of its proposal while the
 * tender accepts proposals; it is encrypted as it streams in (the store and the database hold ciphertext only) and
 * the proposal then names it by the clear hash the upload answered, inside the sealed, committed content. The
 * buying unit and auditors read the files after the opening act; the supplier reads its own at any time.
 */
@ApiTags('tenders')
@Controller('api/tenders')
export class ProposalFilesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':id/proposal-files')
  @HttpCode(201)
  @ApiBearerAuth()
  @Authorize('UploadProposalFile')
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({
    description:
      'Sealed and stored: the document id and the clear file’s SHA-256, size, media type (told from its content) and name, to name in the proposal. 400 `document.no_file`, 413 `document.too_large`, 415 `document.unsupported_media_type`',
  })
  @ApiConflictResponse({
    description: '`proposal.tendering_not_started`, `proposal.late`, `tender.invalid_transition`',
  })
  upload(
    @Param('id') tenderId: string,
    @Req() request: IncomingMessage,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<SealedDocumentReceipt> {
    return receiveOneFile(request, (file) =>
      this.commands.execute(
        new UploadProposalFile({ tenderId, documentId: newId(context, 'document'), file }, principal, context),
      ),
    );
  }

  @Get(':id/proposals/:proposalId/documents/:documentId/content')
  @ApiBearerAuth()
  @ApiOkResponse({
    description:
      'The clear file, opened (the supplier’s own at any time; its buying unit and auditors after the opening act)',
  })
  @ApiConflictResponse({ description: '`proposal.still_sealed` before the opening act' })
  @ApiNotFoundResponse({ description: '`proposal.not_found`, `document.not_found`' })
  async content(
    @Param('id') tenderId: string,
    @Param('proposalId') proposalId: string,
    @Param('documentId') documentId: string,
    @CurrentPrincipal() principal: Principal,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const { facts, bytes } = await this.queries.execute(
      new ProposalFileContent(tenderId, proposalId, documentId, principal),
    );
    response.statusCode = 200;
    response.setHeader('Content-Type', facts.mediaType);
    response.setHeader('Content-Disposition', contentDisposition(facts.fileName));
    response.setHeader('Content-Length', facts.size);
    response.setHeader('ETag', `"${facts.sha256}"`);
    response.setHeader('Cache-Control', 'private, no-store');
    await pipeline(bytes, response);
  }
}
