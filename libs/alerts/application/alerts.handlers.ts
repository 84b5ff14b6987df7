import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor } from '@licita/event-store';
import { AccountRegistry } from '@licita/identity';
import { subscriberStream } from '../domain/alert.events';
import { subscriberDecider } from '../domain/subscriber.decider';
import { ChangeAlertSubscription, SignUpFollower } from './alerts.commands';

const accountOf = (command: ChangeAlertSubscription['command']) =>
  'subscriber' in command ? command.subscriber.accountId : command.accountId;

@CommandHandler(ChangeAlertSubscription)
export class ChangeAlertSubscriptionHandler implements ICommandHandler<ChangeAlertSubscription> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ command, context }: ChangeAlertSubscription) {
    return this.executor.execute(subscriberStream(accountOf(command)), subscriberDecider, command, context);
  }
}

@CommandHandler(SignUpFollower)
export class SignUpFollowerHandler implements ICommandHandler<SignUpFollower> {
  constructor(
    private readonly accounts: AccountRegistry,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({ accountId, email, password, language, context }: SignUpFollower) {
    const created = await this.accounts.create(
      { accountId, origin: 'follower_signup', email, role: 'follower', password },
      context,
    );
    const subscriber = { accountId: created.accountId, email: created.email, language, supplierId: null };
    await this.executor.execute(
      subscriberStream(created.accountId),
      subscriberDecider,
      { type: 'RequestAlertConfirmation', subscriber },
      context,
    );
    return { accountId: created.accountId, email: created.email };
  }
}
