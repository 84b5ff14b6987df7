import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
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
  login(@Body() body: LoginDto, @Req() request: AuthenticatedRequest): Promise<TokenPair> {
    return this.commands.execute(new LogIn(body.email, body.password, request.now));
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
