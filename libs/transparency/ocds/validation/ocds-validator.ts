import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { mergePatch } from '../domain/json-merge-patch';
import { OCDS_EXTENSIONS } from '../domain/ocds-extensions';

/**
 * Validates Licita's OCDS output against the official OCDS 1.1.5 schemas (JSON Schema draft-04) with the bid,
 * lots and auction extensions merged into the release schema as JSON Merge Patches (RFC 7386), the way the
 * OCDS tooling does. Schemas come from `../shared/ocds` beside the project root (or `LICITA_SHARED_DIR`), and
 * are registered under their `id` so the package schemas' references resolve offline.
 *
 * For tests and tooling: the API does not validate on every request.
 */
export type OcdsValidation = { valid: boolean; errors: string[] };

const RELEASE_SCHEMA_ID = 'https://standard.open-contracting.org/schema/1__1__5/release-schema.json';
/** OCDS metadata keywords that are not JSON Schema: known, so that Ajv's strict mode still flags typos. */
const OCDS_KEYWORDS = ['codelist', 'openCodelist', 'omitWhenMerged', 'wholeListMerge', 'versionId', 'deprecated'];

export class OcdsValidator {
  private constructor(
    private readonly release: ValidateFunction,
    private readonly releasePackage: ValidateFunction,
    private readonly recordPackage: ValidateFunction,
  ) {}

  static load(sharedDir: string = ocdsSharedDir()): OcdsValidator {
    const read = (...path: string[]) =>
      JSON.parse(readFileSync(join(sharedDir, ...path), 'utf8')) as Record<string, unknown>;
    const releaseSchema = OCDS_EXTENSIONS.reduce<unknown>(
      (schema, extension) => mergePatch(schema, read('extensions', extension.folder, 'release-schema.json')),
      read('1.1.5', 'release-schema.json'),
    ) as Record<string, unknown>;
    if (releaseSchema.id !== RELEASE_SCHEMA_ID)
      throw new Error(`unexpected release schema ${String(releaseSchema.id)}`);

    const ajv = new Ajv04({
      allErrors: true,
      strict: true,
      strictTypes: false,
      strictTuples: false,
      strictRequired: false,
    });
    ajv.addVocabulary(OCDS_KEYWORDS);
    ajv.addFormat('date-time', isDateTime);
    ajv.addFormat('uri', isUri);
    ajv.addSchema(releaseSchema);
    ajv.addSchema(read('1.1.5', 'versioned-release-validation-schema.json'));
    return new OcdsValidator(
      ajv.getSchema(RELEASE_SCHEMA_ID) as ValidateFunction,
      ajv.compile(read('1.1.5', 'release-package-schema.json')),
      ajv.compile(read('1.1.5', 'record-package-schema.json')),
    );
  }

  validateRelease = (data: unknown): OcdsValidation => run(this.release, data);
  validateReleasePackage = (data: unknown): OcdsValidation => run(this.releasePackage, data);
  validateRecordPackage = (data: unknown): OcdsValidation => run(this.recordPackage, data);
}

/** `../shared/ocds` from the project root (the folder with package.json above this file), or `$LICITA_SHARED_DIR/ocds`. */
export function ocdsSharedDir(): string {
  if (process.env.LICITA_SHARED_DIR) return resolve(process.env.LICITA_SHARED_DIR, 'ocds');
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) throw new Error(`no project root above ${__dirname}`);
    dir = dirname(dir);
  }
  return resolve(dir, '..', 'shared', 'ocds');
}

function run(validate: ValidateFunction, data: unknown): OcdsValidation {
  const valid = validate(data);
  return { valid, errors: valid ? [] : (validate.errors ?? []).map(describe) };
}

const describe = (error: ErrorObject) =>
  `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;

/** RFC 3339 date-time (JSON Schema's `date-time`): a full date, time and offset, and a real instant. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const isDateTime = (value: string) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));

/** An absolute URI: a scheme and what follows, as the WHATWG URL parser reads it. */
function isUri(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
