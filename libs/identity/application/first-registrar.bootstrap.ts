import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, DomainError, systemClock, type Clock } from '@licita/shared';
import { AccountRegistry } from './account-registry';
import { createFirstRegistrar } from './create-first-registrar';

export const ADMIN_EMAIL_VARIABLE = 'LICITA_ADMIN_EMAIL';

/**
 * With `LICITA_ADMIN_EMAIL` set, the first start creates a registrar with that email and logs its one-time
 * password once (it must be changed at the first login). Later starts, and other processes starting at the
 * same time, find the email taken and do nothing. There is no default password.
 */
@Injectable()
export class FirstRegistrarBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Identity');

  constructor(
    private readonly accounts: AccountRegistry,
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = process.env[ADMIN_EMAIL_VARIABLE]?.trim();
    if (!email || (await this.accounts.findByEmail(email))) return;
    try {
      const created = await createFirstRegistrar(this.accounts, email, {
        actor: 'system',
        correlationId: randomUUID(),
        now: this.clock.now(),
      });
      this.logger.warn(
        `first registrar ${created.email} created (account ${created.accountId}); one-time password: ${created.oneTimePassword} ` +
          '(shown only now; it must be changed at the first login)',
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'account.email_taken') return; // another process made it first
      throw error;
    }
  }
}
