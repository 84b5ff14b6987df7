import { Module } from '@nestjs/common';
import { ClassifierLookup } from './application/classifier-lookup';
import { ClassifierQueries } from './application/classifier-queries';
import { DefaultClassifierInstaller } from './application/default-classifier.installer';
import { ClassifierController } from './classifier.controller';
import { ClassifierProjection } from './projections/classifier.projection';

/**
 * The procurement classifier: its projection, the public API, the start-up import of CPV 2008, and
 * `ClassifierLookup` for contexts that must refuse unknown codes (import this module to inject it).
 */
@Module({
  controllers: [ClassifierController],
  providers: [ClassifierQueries, ClassifierLookup, ClassifierProjection, DefaultClassifierInstaller],
  exports: [ClassifierLookup, ClassifierQueries],
})
export class ClassifierModule {}
