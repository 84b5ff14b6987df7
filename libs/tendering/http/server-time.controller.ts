import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '@licita/identity';
import { Cached } from '@licita/platform';

/**
 * The server's now, by which every deadline is judged: the desks offer an action only when the server will
 * accept it (the opening date, the objection period…), so they read the time from here rather than trusting
 * the browser's clock. Public, no state.
 */
@ApiTags('tenders')
@Controller('api/time')
export class ServerTimeController {
  @Get()
  @Cached('no-store') // the clock deadlines are judged by: never an old copy
  @ApiOkResponse({ description: "The server's clock now (ISO 8601), the one deadlines are judged by" })
  now(@Req() request: AuthenticatedRequest): { now: string } {
    return { now: request.now.toISOString() };
  }
}
