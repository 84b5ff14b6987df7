import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { DomainError } from '@licita/shared';
import { IdempotencyExempt, CredentialsRateLimit } from '@licita/platform';
import { LogIn, RefreshTokens } from '../application/commands/identity.commands';
import type { TokenPair } from '../application/token-service';
import type { AuthenticatedRequest } from './auth.guard';
import { LoginDto, RefreshDto } from './identity.dto';

/** Tokens: a 15-minute access token (`Authorization: Bearer …`) and a 7-day refresh token. Never stored. */
@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly commands: CommandBus) {}

  @Post('login')
  @HttpCode(200)
  @IdempotencyExempt()
  @CredentialsRateLimit()
  @ApiOkResponse({
    description: 'A token pair. With a one-time password the access token allows only the password change.',
  })
  @ApiUnauthorizedResponse({
    description: '`auth.invalid_credentials` (the same for an unknown email and a wrong password)',
  })
  @ApiTooManyRequestsResponse({
    description:
      '`auth.login_throttled`: too many failed logins for this email from this address; wait `Retry-After` ' +
      'seconds (the wait doubles with each further failure, other addresses are not slowed). `rate_limit.exceeded`',
  })
  async login(
    @Body() body: LoginDto,
    @Req() request: AuthenticatedRequest & { ip?: string; socket?: { remoteAddress?: string } },
    @Res({ passthrough: true }) response: { setHeader(name: string, value: string): void },
  ): Promise<TokenPair> {
    const ip = request.ip ?? request.socket?.remoteAddress ?? 'unknown';
    try {
      return await this.commands.execute(new LogIn(body.email, body.password, request.now, ip));
    } catch (error) {
      const retryAfterMs = error instanceof DomainError ? error.details?.retryAfterMs : undefined;
      if (typeof retryAfterMs === 'number') response.setHeader('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
      throw error;
    }
  }

  @Post('refresh')
  @HttpCode(200)
  @IdempotencyExempt()
  @CredentialsRateLimit()
  @ApiOkResponse({ description: 'A new token pair' })
  @ApiUnauthorizedResponse({
    description:
      '`auth.invalid_token`, `auth.token_expired`, `auth.session_ended` (password changed or account disabled)',
  })
  refresh(@Body() body: RefreshDto, @Req() request: AuthenticatedRequest): Promise<TokenPair> {
    return this.commands.execute(new RefreshTokens(body.refreshToken, request.now));
  }
}
