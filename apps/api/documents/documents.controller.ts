import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { CommandContext } from '@licita/event-store';
import {
  DocumentById,
  DocumentBytes,
  documentProblem,
  UploadDocument,
  type DocumentOwner,
  type DocumentReceipt,
  type DocumentView,
} from '@licita/documents';
import { Authorize, CommandCtx, CurrentPrincipal, newId, type Principal } from '@licita/identity';
import { Read } from '@licita/platform';
import { contentDisposition, matchesEtag, requestedRange } from './content-headers';
import { receiveOneFile } from './multipart-upload';

/** The uploading party: the account and the supplier or buying unit it acts for. */
function ownerOf(principal: Principal): DocumentOwner {
  if (principal.kind !== 'account') throw new Error('UploadDocument is authorized for accounts only');
  const { accountId, role, supplierId, buyingUnitId } = principal;
  return { accountId, role, ...(supplierId ? { supplierId } : {}), ...(buyingUnitId ? { buyingUnitId } : {}) };
}

/** Documents: uploaded by buyers and suppliers (multipart, streamed to the store), read back by their party. */
@ApiTags('documents')
@Controller('api/documents')
export class DocumentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiBearerAuth()
  @Authorize('UploadDocument')
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({
    description:
      'Stored: id, SHA-256, size, media type (told from the content), log position. 400 `document.no_file` / `document.too_many_files`, 413 `document.too_large`, 415 `document.unsupported_media_type`',
  })
  upload(
    @Req() request: IncomingMessage,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<DocumentReceipt> {
    const owner = ownerOf(principal);
    return receiveOneFile(request, (file) =>
      this.commands.execute(new UploadDocument(newId(context, 'document'), file, owner, context)),
    );
  }

  @Read(':id', {
    ok: "The uploader's party",
    notFound: '`document.not_found` (also for a document the caller may not read)',
  })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<DocumentView> {
    return this.queries.execute(new DocumentById(id, principal));
  }

  @Get(':id/content')
  @ApiOkResponse({
    description: 'The bytes; `Range` → 206 (416 `document.range_not_satisfiable`), `If-None-Match` → 304',
  })
  @ApiNotFoundResponse({ description: '`document.not_found`' })
  async content(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: IncomingMessage,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const document = await this.queries.execute(new DocumentById(id, principal));
    const etag = `"${document.sha256}"`;
    response.setHeader('ETag', etag);
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('Cache-Control', document.public ? 'public, max-age=31536000, immutable' : 'private, no-store');
    if (matchesEtag(request.headers['if-none-match'], etag)) {
      response.statusCode = 304;
      return void response.end();
    }
    const range = requestedRange(request.headers.range, document.size);
    if (range === 'unsatisfiable') {
      response.setHeader('Content-Range', `bytes */${document.size}`);
      throw documentProblem('document.range_not_satisfiable', `the document has ${document.size} bytes`, {
        size: document.size,
      });
    }
    const bytes = await this.queries.execute(new DocumentBytes(document.sha256, range));
    response.statusCode = range ? 206 : 200;
    response.setHeader('Content-Type', document.mediaType);
    response.setHeader('Content-Disposition', contentDisposition(document.fileName));
    response.setHeader('Content-Length', range ? range.end - range.start + 1 : document.size);
    if (range) response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${document.size}`);
    await pipeline(bytes, response);
  }
}
