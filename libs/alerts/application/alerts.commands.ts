import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandOutcome } from '@licita/event-store';
import type { AlertSubscriberCommand } from '../domain/alert.commands';
import type { AlertLanguage, AlertSubscriberEvent } from '../domain/alert.events';
import type { SubscriberState } from '../domain/subscriber.decider';

/** One decision on a subscriber's stream (save a search, follow, unsubscribe, confirm…). */
export class ChangeAlertSubscription extends Command<CommandOutcome<AlertSubscriberEvent, SubscriberState>> {
  constructor(
    readonly command: AlertSubscriberCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Anyone: a follower account (email and password), and the confirmation link mailed to that address. */
export class SignUpFollower extends Command<{ accountId: string; email: string }> {
  constructor(
    readonly accountId: string,
    readonly email: string,
    readonly password: string,
    readonly language: AlertLanguage,
    readonly context: CommandContext,
  ) {
    super();
  }
}
