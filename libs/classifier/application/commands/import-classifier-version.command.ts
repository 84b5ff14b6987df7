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

/**
 * Record the classifiers shipped with Licita that `schemes` names (the deployment's CLASSIFIER_SCHEMES: CUCoP
 * and CPV 2008 by default) unless the log already has them complete.
 */
export class EnsureDefaultClassifier extends Command<ImportOutcome[]> {
  constructor(readonly schemes?: readonly string[]) {
    super();
  }
}
