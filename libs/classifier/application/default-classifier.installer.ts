import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@licita/event-store/event-store.port';
import { CLOCK, type Clock } from '@licita/shared';
import { ensureDefaultClassifier } from './classifier-importer';

/** On start-up, records the shipped CPV 2008 if the event log does not have it yet (see `ensureDefaultClassifier`). */
@Injectable()
export class DefaultClassifierInstaller implements OnApplicationBootstrap {
  private readonly logger = new Logger('Classifier');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(CLOCK) private readonly clock?: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    const outcome = await ensureDefaultClassifier(this.store, { clock: this.clock });
    if (outcome.status === 'already_imported') return;
    this.logger.log(
      `${outcome.scheme} ${outcome.version}: ${outcome.status} ${outcome.codeCount} codes in ${Date.now() - started} ms`,
    );
  }
}
