/**
 * The alerts context: follower accounts' sign-up, saved searches and follows (procedure, buying unit, supplier),
 * the process manager over the log that writes one outbox row per (event, subscriber), and the SMTP senders.
 * Downstream of every context: it reads their events and transparency's public record, and writes only its own.
 */
export { AlertsModule } from './alerts.module';
export {
  AlertSender,
  messageIdOf,
  retryDelayMs,
  type MailTransport,
  type OutgoingMail,
} from './application/alert-sender';
export { ALERT_TRANSPORT, AlertSenderLifecycle, smtpTransport } from './application/alert-sender.lifecycle';
export { subscriberStream, type AlertSubscriberEvent } from './domain/alert.events';
export { signLink, verifyLink } from './domain/signed-links';
