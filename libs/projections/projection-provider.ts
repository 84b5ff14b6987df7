import { applyDecorators, Injectable } from '@nestjs/common';
import { RegisterProjection } from './projection';

/**
 * What every projection class of a context wears: an injectable Nest provider (its constructor may inject the
 * configuration or a reader) that `ProjectionsModule` finds by `RegisterProjection` and hands to the runner.
 */
export const ProjectionProvider = (): ClassDecorator => applyDecorators(Injectable(), RegisterProjection());
