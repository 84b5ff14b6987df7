import { Controller, Get, HttpCode, HttpException, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { Cached, type CachePolicy } from '@licita/platform';
import type { AuthenticatedRequest } from '@licita/identity';
import {
  AuctionResultPdf,
  OpeningActPdf,
  RulingActPdf,
  VerifyActPdf,
  type SignedAct,
} from '../application/acts.queries';
import type { ActVerification } from '../signing/verify-act';

/** A signed act, once held, only changes if it is signed again: a minute fresh, its ETag answers the rest. */
const SIGNED_ACT: CachePolicy = { maxAge: 60, staleWhileRevalidate: 600 };

type Response = { setHeader(name: string, value: string): void; status(code: number): unknown };
const NOT_YET = '`act.not_yet_held` before the act (409)';

/**
 * The acts the platform writes, as signed PDFs anyone may download once the act has happened, and the check of
 * such a PDF. The same act always answers the same bytes (and ETag).
 */
@ApiTags('acts')
@Controller('api')
export class ActsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('tenders/:id/acts/opening.pdf')
  @Cached(SIGNED_ACT)
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The opening act, signed by the platform (offers sealed until an auction closes stay out)',
  })
  @ApiConflictResponse({ description: NOT_YET })
  @ApiNotFoundResponse({ description: '`tender.not_found`' })
  async opening(
    @Param('id') tenderId: string,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    return served(await this.queries.execute(new OpeningActPdf(tenderId, request.now)), request, response);
  }

  @Get('tenders/:id/acts/ruling.pdf')
  @Cached(SIGNED_ACT)
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The ruling (fallo), signed by the platform, once every lot is awarded or deserted' })
  @ApiConflictResponse({ description: NOT_YET })
  @ApiNotFoundResponse({ description: '`tender.not_found`' })
  async ruling(
    @Param('id') tenderId: string,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    return served(await this.queries.execute(new RulingActPdf(tenderId, request.now)), request, response);
  }

  @Get('auctions/:id/result.pdf')
  @Cached(SIGNED_ACT)
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The auction’s result (labels, suppliers, final prices), signed, once it has closed' })
  @ApiConflictResponse({ description: NOT_YET })
  @ApiNotFoundResponse({ description: '`auction.not_found`' })
  async auctionResult(
    @Param('id') auctionId: string,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    return served(await this.queries.execute(new AuctionResultPdf(auctionId, request.now)), request, response);
  }

  @Post('acts/verify')
  @HttpCode(200)
  @ApiConsumes('application/pdf')
  @ApiBody({ description: 'The PDF’s bytes', schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({
    description:
      '`{ valid, signer, signedAt, reason, problem? }`: valid only if signed by this platform’s key and unchanged',
  })
  @ApiUnsupportedMediaTypeResponse({ description: '`act.unsupported_media_type` for any body but application/pdf' })
  verify(
    @Req() request: AuthenticatedRequest & { body?: unknown; is(type: string): string | false | null },
  ): Promise<ActVerification> {
    if (!request.is('application/pdf') || !Buffer.isBuffer(request.body))
      throw new HttpException(
        { code: 'act.unsupported_media_type', detail: 'Send the PDF itself, as Content-Type: application/pdf.' },
        415,
      );
    return this.queries.execute(new VerifyActPdf(request.body));
  }
}

function served(act: SignedAct, request: AuthenticatedRequest, response: Response): StreamableFile | undefined {
  response.setHeader('ETag', act.etag);
  if (request.headers['if-none-match'] === act.etag) {
    response.status(304);
    return undefined;
  }
  return new StreamableFile(act.pdf, { type: 'application/pdf', disposition: `inline; filename="${act.fileName}"` });
}
