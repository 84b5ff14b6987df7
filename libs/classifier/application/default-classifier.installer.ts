import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EnsureDefaultClassifierHandler } from './commands/classifier-command.handlers';

/**
 * On start-up, records the shipped CPV 2008 if the event log does not have it yet (the `EnsureDefaultClassifier`
 * handler, called directly: the buses register their handlers in the same bootstrap phase).
 */
@Injectable()
export class DefaultClassifierInstaller implements OnApplicationBootstrap {
  private readonly logger = new Logger('Classifier');

  constructor(private readonly ensure: EnsureDefaultClassifierHandler) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    const outcome = await this.ensure.execute();
    if (outcome.status === 'already_imported') return;
    this.logger.log(
      `${outcome.scheme} ${outcome.version}: ${outcome.status} ${outcome.codeCount} codes in ${Date.now() - started} ms`,
    );
  }
}
