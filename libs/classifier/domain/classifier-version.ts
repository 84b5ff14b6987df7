import { invalid } from '@licita/shared';

/** What is bought under a code; drives the procedure rules (works follow the public-works law). */
export type ProcurementCategory = 'goods' | 'services' | 'works';
export const PROCUREMENT_CATEGORIES: readonly ProcurementCategory[] = ['goods', 'services', 'works'];

/** One code of a classifier version, as the import file gives it (descriptions in Spanish and/or English). */
export interface ClassifierCode {
  code: string;
  /** The nearest published ancestor; null for a top-level code. */
  parent: string | null;
  /** The scheme's name for the level: `division` … `subcategory` for CPV, `chapter` … `article` for CUCoP. */
  level: string;
  category: ProcurementCategory;
  description: { es: string | null; en: string | null };
}

/** A whole classifier version: `CPV` `2008`, `CUCoP` `classic`, `UNSPSC` `26.0801`… */
export interface ClassifierVersion {
  scheme: string;
  version: string;
  codes: ClassifierCode[];
}

const SCHEME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
/** The same shape the supplier register accepts: digits, capitals, dots and hyphens (`45210000-2`, `21100001`). */
const CODE = /^[0-9A-Z][0-9A-Z.-]{0,31}$/;
const MAX_DESCRIPTION = 1_000;
/** Problems listed in one error; a broken file usually repeats one mistake thousands of times. */
const MAX_PROBLEMS = 20;

/** Streams are `classifier-<scheme>-<version>`, lower case, so `CPV 2008` and `cpv 2008` are one version. */
export const classifierStream = (scheme: string, version: string) =>
  `classifier-${scheme.toLowerCase()}-${version.toLowerCase()}`;

export const normalizeCode = (code: string) => code.trim().toUpperCase();

/**
 * Checks a whole version and returns it normalized, with every parent before its children (by depth in
 * the tree, then in file order), so it can be recorded in chunks that each only refer to codes already
 * recorded. Throws `classifier.invalid_version` listing the problems found.
 */
export function checkClassifierVersion(input: ClassifierVersion): ClassifierVersion {
  const problems: string[] = [];
  if (!SCHEME.test(input.scheme ?? ''))
    problems.push(`scheme "${input.scheme}" is not a name (letters, digits, _; at most 32)`);
  if (!VERSION.test(input.version ?? ''))
    problems.push(`version "${input.version}" is not a version (letters, digits, . _ -; at most 32)`);
  if (!Array.isArray(input.codes) || input.codes.length === 0) problems.push('a version has at least one code');
  if (problems.length) throw invalidVersion(problems);

  const codes = input.codes.map(normalizeEntry);
  const byCode = new Map<string, ClassifierCode>();
  for (const entry of codes) {
    problems.push(...entryProblems(entry));
    if (byCode.has(entry.code)) problems.push(`${entry.code} appears twice`);
    byCode.set(entry.code, entry);
  }
  const depths = new Map<string, number>();
  for (const entry of codes) {
    const depth = depthOf(entry, byCode, depths);
    if (typeof depth === 'string') problems.push(depth);
  }
  if (problems.length) throw invalidVersion(problems);

  const order = new Map(codes.map((entry, index) => [entry.code, index]));
  const sorted = [...byCode.values()].sort(
    (a, b) => depths.get(a.code)! - depths.get(b.code)! || order.get(a.code)! - order.get(b.code)!,
  );
  return { scheme: input.scheme, version: input.version, codes: sorted };
}

function normalizeEntry(entry: ClassifierCode): ClassifierCode {
  const text = (value: unknown) =>
    typeof value === 'string' && value.trim() ? value.trim().replace(/\s+/g, ' ') : null;
  return {
    code: normalizeCode(String(entry.code ?? '')),
    parent: text(entry.parent) === null ? null : normalizeCode(String(entry.parent)),
    level: text(entry.level) ?? '',
    category: entry.category,
    description: { es: text(entry.description?.es), en: text(entry.description?.en) },
  };
}

function entryProblems(entry: ClassifierCode): string[] {
  const problems: string[] = [];
  if (!CODE.test(entry.code)) problems.push(`"${entry.code}" is not a code (digits, capitals, . and -; at most 32)`);
  if (!entry.level) problems.push(`${entry.code} has no level`);
  if (!PROCUREMENT_CATEGORIES.includes(entry.category))
    problems.push(`${entry.code}: category "${entry.category}" is not one of ${PROCUREMENT_CATEGORIES.join(', ')}`);
  const { es, en } = entry.description;
  if (es === null && en === null) problems.push(`${entry.code} has no description`);
  if ((es?.length ?? 0) > MAX_DESCRIPTION || (en?.length ?? 0) > MAX_DESCRIPTION)
    problems.push(`${entry.code}: a description is longer than ${MAX_DESCRIPTION} characters`);
  return problems;
}

/** 1 for a top-level code; a string says why there is no depth (unknown parent, or a loop). */
function depthOf(
  entry: ClassifierCode,
  byCode: Map<string, ClassifierCode>,
  depths: Map<string, number>,
): number | string {
  const chain: ClassifierCode[] = [];
  let current: ClassifierCode | undefined = entry;
  let base = 0;
  while (current) {
    const known = depths.get(current.code);
    if (known !== undefined) {
      base = known;
      break;
    }
    if (chain.includes(current)) return `${entry.code}: its parents loop back to ${current.code}`;
    chain.push(current);
    if (current.parent === null) break;
    const parent = byCode.get(current.parent);
    if (!parent) return `${current.code}: parent ${current.parent} is not in the version`;
    current = parent;
  }
  chain.reverse().forEach((link, i) => depths.set(link.code, base + i + 1));
  return depths.get(entry.code)!;
}

function invalidVersion(problems: string[]) {
  const shown = problems.slice(0, MAX_PROBLEMS);
  const more = problems.length > MAX_PROBLEMS ? ` (and ${problems.length - MAX_PROBLEMS} more)` : '';
  return invalid(
    'classifier.invalid_version',
    `the classifier version has ${problems.length} problem(s): ${shown.join('; ')}${more}`,
    {
      problems: shown,
      count: problems.length,
    },
  );
}
