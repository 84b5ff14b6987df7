import { Module } from '@nestjs/common';
import { AlertSenderLifecycle } from './application/alert-sender.lifecycle';
import { ChangeAlertSubscriptionHandler, SignUpFollowerHandler } from './application/alerts.handlers';
import { MyAlertsHandler } from './application/my-alerts';
import { AlertsController } from './http/alerts.controller';
import { AlertsProcessManager } from './projections/alerts.process-manager';

/**
 * Alerts: follower sign-up, saved searches and follows (events on `alert-subscriber-<account>`), the process
 * manager that turns the log into an outbox of e-mails, and the senders that mail it through SMTP.
 */
@Module({
  controllers: [AlertsController],
  providers: [
    AlertsProcessManager,
    AlertSenderLifecycle,
    ChangeAlertSubscriptionHandler,
    SignUpFollowerHandler,
    MyAlertsHandler,
  ],
  exports: [AlertSenderLifecycle],
})
export class AlertsModule {}
