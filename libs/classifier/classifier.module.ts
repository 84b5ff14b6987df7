import { Module } from '@nestjs/common';
import { ClassifierLookup } from './application/classifier-lookup';
import { CLASSIFIER_COMMAND_HANDLERS } from './application/commands/classifier-command.handlers';
import { ClassifierQueries } from './application/classifier-queries';
import { DefaultClassifierInstaller } from './application/default-classifier.installer';
import { CLASSIFIER_QUERY_HANDLERS } from './application/queries/classifier-query.handlers';
import { ClassifierController } from './classifier.controller';
import { ClassifierProjection } from './projections/classifier.projection';

/**
 * The procurement classifier: its projection, the public API, the start-up import of CPV 2008, and
 * `UnknownClassifierCodes` (or `ClassifierLookup`, importing this module) for contexts that must refuse unknown codes.
 */
@Module({
  controllers: [ClassifierController],
  providers: [
    ClassifierQueries,
    ClassifierLookup,
    ClassifierProjection,
    DefaultClassifierInstaller,
    ...CLASSIFIER_QUERY_HANDLERS,
    ...CLASSIFIER_COMMAND_HANDLERS,
  ],
  exports: [ClassifierLookup, ClassifierQueries],
})
export class ClassifierModule {}
