import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { CLOCK, type Clock } from '@licita/shared';
import { ensureDefaultClassifiers, importClassifierVersion, type ImportOutcome } from '../classifier-importer';
import { EnsureDefaultClassifier, ImportClassifierVersion } from './import-classifier-version.command';

@CommandHandler(ImportClassifierVersion)
export class ImportClassifierVersionHandler implements ICommandHandler<ImportClassifierVersion> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(CLOCK) private readonly clock?: Clock,
  ) {}

  execute({ classifier, options }: ImportClassifierVersion): Promise<ImportOutcome> {
    return importClassifierVersion(this.store, classifier, { ...options, clock: this.clock });
  }
}

@CommandHandler(EnsureDefaultClassifier)
export class EnsureDefaultClassifierHandler implements ICommandHandler<EnsureDefaultClassifier> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(CLOCK) private readonly clock?: Clock,
  ) {}

  execute({ schemes }: EnsureDefaultClassifier): Promise<ImportOutcome[]> {
    return ensureDefaultClassifiers(this.store, { schemes, clock: this.clock });
  }
}

export const CLASSIFIER_COMMAND_HANDLERS = [ImportClassifierVersionHandler, EnsureDefaultClassifierHandler];
