import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { EnsureDefaultClassifier } from './commands/import-classifier-version.command';
import { EnsureDefaultClassifierHandler } from './commands/classifier-command.handlers';

/**
 * On start-up, records the shipped classifiers of CLASSIFIER_SCHEMES (CUCoP and CPV 2008 by default) that the
 * event log does not have yet (the `EnsureDefaultClassifier` handler, called directly: the buses register their
 * handlers in the same bootstrap phase).
 */
@Injectable()
export class DefaultClassifierInstaller implements OnApplicationBootstrap {
  private readonly logger = new Logger('Classifier');

  constructor(
    private readonly ensure: EnsureDefaultClassifierHandler,
    @Optional() @Inject(LICITA_CONFIG) private readonly config?: Pick<LicitaConfig, 'classifierSchemes'>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    const outcomes = await this.ensure.execute(new EnsureDefaultClassifier(this.config?.classifierSchemes));
    for (const outcome of outcomes.filter((done) => done.status !== 'already_imported'))
      this.logger.log(
        `${outcome.scheme} ${outcome.version}: ${outcome.status} ${outcome.codeCount} codes in ${Date.now() - started} ms`,
      );
  }
}
