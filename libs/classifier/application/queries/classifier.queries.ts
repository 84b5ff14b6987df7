import { Query } from '@nestjs/cqrs';
import type { ClassifierDetail, ClassifierPage, ClassifierScheme, ClassifierSearch } from '../classifier-queries';

/** Codes matching every word of `q`, within a scheme and a prefix, broader codes first, cursor-paged. */
export class SearchClassifier extends Query<ClassifierPage> {
  constructor(readonly search: ClassifierSearch) {
    super();
  }
}

/** One code with its ancestors, children and usage (`classifier.unknown_code`, `classifier.ambiguous_code`). */
export class ClassifierCodeDetail extends Query<ClassifierDetail> {
  constructor(
    readonly code: string,
    readonly scheme?: string,
  ) {
    super();
  }
}

/**
 * For other contexts' command handlers: the codes (normalized: trimmed, upper case) that no classifier in force,
 * or not `scheme`, has. Empty when every code is known.
 */
export class UnknownClassifierCodes extends Query<string[]> {
  constructor(
    readonly codes: string[],
    readonly scheme?: string,
  ) {
    super();
  }
}

/** The schemes installed, the deployment's default (first of CLASSIFIER_SCHEMES) first. */
export class ClassifierSchemes extends Query<ClassifierScheme[]> {
  constructor(readonly preferred: readonly string[] = []) {
    super();
  }
}
