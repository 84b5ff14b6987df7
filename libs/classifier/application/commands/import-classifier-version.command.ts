import { Command } from '@nestjs/cqrs';
import type { ClassifierVersion } from '../../domain/classifier-version';
import type { ImportOptions, ImportOutcome } from '../classifier-importer';

/**
 * Record a classifier version as events (stream `classifier-<scheme>-<version>`); importing the same content again
 * does nothing, the same version with other content is refused (`classifier.version_exists`).
 */
export class ImportClassifierVersion extends Command<ImportOutcome> {
  constructor(
    readonly classifier: ClassifierVersion,
    readonly options: Omit<ImportOptions, 'clock'> = {},
  ) {
    super();
  }
}

/** Record the CPV 2008 shipped with Licita unless the log already has it complete. */
export class EnsureDefaultClassifier extends Command<ImportOutcome> {}
