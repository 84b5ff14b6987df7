import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { CLOCK, systemClock, type Clock } from '@licita/shared';
import { DataSource } from 'typeorm';
import { AlertSender, type MailTransport } from './alert-sender';

/** Tests may hand their own transport factory (`{ provide: ALERT_TRANSPORT, useValue: (url) => … }`). */
export const ALERT_TRANSPORT = Symbol('ALERT_TRANSPORT');

export const smtpTransport = (smtpUrl: string): MailTransport =>
  createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });

/**
 * Runs a sender in every process that runs background jobs (`npm start`, each projector), when SMTP_URL is set:
 * they share the outbox through `SKIP LOCKED`. Without SMTP_URL alerts are recorded and listed but not mailed,
 * and this says so once.
 */
@Injectable()
export class AlertSenderLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Alerts');
  readonly sender: AlertSender | null;

  constructor(
    db: DataSource,
    @Inject(LICITA_CONFIG) private readonly config: LicitaConfig,
    @Optional() @Inject(CLOCK) clock?: Clock,
    @Optional() @Inject(ALERT_TRANSPORT) transport?: (smtpUrl: string) => MailTransport,
  ) {
    const { smtpUrl } = config.alerts;
    this.sender = smtpUrl
      ? new AlertSender(db, (transport ?? smtpTransport)(smtpUrl), clock ?? systemClock, {
          config: config.alerts,
          publicUrl: config.publicUrl,
          onError: (message) => this.logger.warn(message),
        })
      : null;
  }

  onApplicationBootstrap(): void {
    if (!this.config.backgroundJobs) return;
    if (!this.sender) {
      this.logger.warn('SMTP_URL is not set: alerts are recorded and listed in "Mis alertas" but not mailed');
      return;
    }
    this.sender.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.sender?.stop();
  }
}
