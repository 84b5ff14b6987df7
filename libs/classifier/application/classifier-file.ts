import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { invalid } from '@licita/shared';
import type { ClassifierCode, ClassifierVersion, ProcurementCategory } from '../domain/classifier-version';
import { parseCsv } from './csv';

/**
 * Reads a classifier version from a file. The formats (documented in libs/classifier/README.md):
 * - Licita JSON: `{ "scheme", "version", "codes": [{ "code", "parent", "level", "category", "description": { "es", "en" } }] }`
 * - Licita CSV: `code,parent,level,category,description_es,description_en` (scheme and version given apart)
 * - the CPV 2008 CSV shipped in libs/classifier/data (`code,…,level_name,…,type,label_en,label_es`)
 * - the CUCoP CSV (`code,level,parent,…,capitulo,…,description_es,…`)
 * Scheme and version in `overrides` win over what the file says.
 */
export interface ClassifierFileOptions {
  scheme?: string;
  version?: string;
}

export type ClassifierFileFormat = 'licita-json' | 'licita-csv' | 'cpv-2008-csv' | 'cucop-csv';

export interface ClassifierFile {
  format: ClassifierFileFormat;
  classifier: ClassifierVersion;
}

/** The CPV 2008 the repository ships (Apache-2.0, LICENSE-cpv.txt beside it). */
export const DEFAULT_CLASSIFIER = { scheme: 'CPV', version: '2008', file: 'cpv-2008.csv' } as const;

/** Mexico's CUCoP the repository ships (its source in SOURCE-cucop.md beside it). */
export const CUCOP_CLASSIFIER = { scheme: 'CUCoP', version: 'classic', file: 'cucop.csv' } as const;

export type ShippedClassifier = typeof DEFAULT_CLASSIFIER | typeof CUCOP_CLASSIFIER;

/** The classifiers shipped in libs/classifier/data, by scheme in upper case (`CLASSIFIER_SCHEMES` names them). */
export const SHIPPED_CLASSIFIERS: Readonly<Record<string, ShippedClassifier>> = {
  CUCOP: CUCOP_CLASSIFIER,
  CPV: DEFAULT_CLASSIFIER,
};

/** A Mexican deployment: CUCoP first (the default scheme shown), CPV beside it. */
export const DEFAULT_CLASSIFIER_SCHEMES = ['CUCOP', 'CPV'] as const;

/** libs/classifier/data, from the TypeScript source or from the compiled code in dist/ (data files are not copied). */
export function classifierDataFile(name: string): string {
  const candidates = [
    join(__dirname, '..', 'data', name),
    join(__dirname, '..', '..', '..', '..', 'libs', 'classifier', 'data', name),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`classifier data file ${name} not found (looked in ${candidates.join(', ')})`);
  return found;
}

export function readClassifierFile(path: string, options: ClassifierFileOptions = {}): ClassifierFile {
  return parseClassifierFile(readFileSync(path, 'utf8'), basename(path), options);
}

export function parseClassifierFile(
  content: string,
  fileName: string,
  options: ClassifierFileOptions = {},
): ClassifierFile {
  if (fileName.toLowerCase().endsWith('.json') || content.trimStart().startsWith('{'))
    return fromJson(content, options);
  const { header, records } = parseCsv(content);
  const has = (...columns: string[]) => columns.every((column) => header.includes(column));
  if (has('code', 'parent', 'level_name', 'type', 'label_en', 'label_es')) return fromCpvCsv(records, options);
  if (has('code', 'parent', 'level', 'capitulo', 'description_es')) return fromCucopCsv(records, options);
  if (has('code', 'parent', 'level', 'category') && (has('description_es') || has('description_en')))
    return fromLicitaCsv(records, options);
  throw invalid(
    'classifier.unknown_format',
    `${fileName}: the CSV header (${header.join(',')}) is none of the known formats; use code,parent,level,category,description_es,description_en`,
  );
}

function fromJson(content: string, options: ClassifierFileOptions): ClassifierFile {
  let parsed: Partial<ClassifierVersion>;
  try {
    parsed = JSON.parse(content) as Partial<ClassifierVersion>;
  } catch (error) {
    throw invalid('classifier.unknown_format', `the file is not valid JSON: ${(error as Error).message}`);
  }
  return {
    format: 'licita-json',
    classifier: {
      scheme: options.scheme ?? parsed.scheme ?? '',
      version: options.version ?? parsed.version ?? '',
      codes: parsed.codes ?? [],
    },
  };
}

function fromLicitaCsv(records: Array<Record<string, string>>, options: ClassifierFileOptions): ClassifierFile {
  if (!options.scheme || !options.version)
    throw invalid('classifier.scheme_required', 'a Licita CSV needs the scheme and the version (--scheme, --version)');
  const codes = records.map((row) => ({
    code: row.code,
    parent: row.parent || null,
    level: row.level,
    category: row.category as ProcurementCategory,
    description: { es: row.description_es ?? null, en: row.description_en ?? null },
  }));
  return { format: 'licita-csv', classifier: { scheme: options.scheme, version: options.version, codes } };
}

const CPV_CATEGORIES: Record<string, ProcurementCategory> = { supplies: 'goods', services: 'services', works: 'works' };

/** CPV's positional levels; the three refinements below `category` are all `subcategory` (their depth tells them apart). */
function fromCpvCsv(records: Array<Record<string, string>>, options: ClassifierFileOptions): ClassifierFile {
  const codes = records.map((row): ClassifierCode => ({
    code: row.code,
    parent: row.parent || null,
    level: row.level_name.replace(/_\d+$/, ''),
    category: CPV_CATEGORIES[row.type] ?? (row.type as ProcurementCategory),
    description: { es: row.label_es || null, en: row.label_en || null },
  }));
  return {
    format: 'cpv-2008-csv',
    classifier: { scheme: options.scheme ?? 'CPV', version: options.version ?? '2008', codes },
  };
}

const CUCOP_LEVELS: Record<string, string> = {
  capitulo: 'chapter',
  concepto: 'concept',
  partida_generica: 'generic',
  partida_especifica: 'specific',
  articulo: 'article',
};

/** By chapter of the expense classification: 2000 materials and 5000 movable goods, 3000 services, 6000 public works. */
const CUCOP_CHAPTER_CATEGORIES: Record<string, ProcurementCategory> = {
  '2': 'goods',
  '3': 'services',
  '5': 'goods',
  '6': 'works',
};

function fromCucopCsv(records: Array<Record<string, string>>, options: ClassifierFileOptions): ClassifierFile {
  const codes = records.map((row): ClassifierCode => ({
    code: row.code,
    parent: row.parent || null,
    level: CUCOP_LEVELS[row.level] ?? row.level,
    category:
      CUCOP_CHAPTER_CATEGORIES[row.code.charAt(0)] ?? (`chapter ${row.code.charAt(0)}000` as ProcurementCategory),
    description: { es: row.description_es || null, en: null },
  }));
  return {
    format: 'cucop-csv',
    classifier: { scheme: options.scheme ?? 'CUCoP', version: options.version ?? 'classic', codes },
  };
}
