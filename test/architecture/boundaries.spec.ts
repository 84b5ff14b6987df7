import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/**
 * The context boundaries of docs/architecture.md, checked on the source: a library is entered only through
 * its front door (`@licita/<lib>`), and value imports between libraries follow one order, upstream first, so
 * the barrels can never form a cycle (a cycle through index.ts files leaves a class undefined while Nest reads
 * its decorators). `import type` is erased at run time and is not counted.
 */
const ORDER = [
  'shared',
  'event-store',
  'platform',
  'documents',
  'projections',
  'scheduling',
  'ledger',
  'identity',
  'buying-units',
  'classifier',
  'suppliers',
  'tendering',
  'market-research',
  'auctions',
  'acts',
  'history',
  'planning',
  'execution',
  'frameworks',
  'quotations',
  'works-log',
  'transparency',
  'alerts',
];
const ROOT = join(__dirname, '..', '..');

const isTestFile = (path: string) => /\.(spec|e2e-spec)\.ts$/.test(path) || /\/(testing|conformance)\//.test(path);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'web' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !isTestFile(path) ? [path] : [];
  });
}

type Import = { file: string; specifier: string; typeOnly: boolean };

function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const found: Import[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    found.push({ file: relative(ROOT, file), specifier: specifier.text, typeOnly: isTypeOnly(statement) });
  }
  return found;
}

function isTypeOnly(statement: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(statement)) return statement.isTypeOnly;
  const clause = statement.importClause;
  if (!clause) return false; // a side-effect import runs the module
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return !clause.name && !!bindings && ts.isNamedImports(bindings) && bindings.elements.every((e) => e.isTypeOnly);
}

const libOf = (file: string) => (file.startsWith('libs/') ? file.split('/')[1] : undefined);
const targetLib = (specifier: string) => /^@licita\/([^/]+)/.exec(specifier)?.[1];

const imports = [...sourceFiles(join(ROOT, 'libs')), ...sourceFiles(join(ROOT, 'apps'))].flatMap(importsOf);

describe('context boundaries', () => {
  it('knows every library under libs/ and orders it', () => {
    const libraries = readdirSync(join(ROOT, 'libs')).filter((name) =>
      statSync(join(ROOT, 'libs', name)).isDirectory(),
    );
    expect(libraries.filter((name) => !ORDER.includes(name))).toEqual([]);
  });

  it('gives every library a front door', () => {
    const missing = ORDER.filter((lib) => {
      try {
        return !statSync(join(ROOT, 'libs', lib, 'index.ts')).isFile();
      } catch {
        return true;
      }
    });
    expect(missing).toEqual([]);
  });

  it('enters another library only through its front door', () => {
    const deep = imports.filter(
      ({ file, specifier }) => /^@licita\/[^/]+\/.+/.test(specifier) && targetLib(specifier) !== libOf(file),
    );
    expect(deep.map(({ file, specifier }) => `${file} → ${specifier}`)).toEqual([]);
  });

  it('value-imports only libraries upstream of its own', () => {
    const against = imports.filter(({ file, specifier, typeOnly }) => {
      const from = libOf(file);
      const to = targetLib(specifier);
      if (!from || !to || from === to || typeOnly) return false;
      return ORDER.indexOf(to) > ORDER.indexOf(from);
    });
    expect(against.map(({ file, specifier }) => `${file} → ${specifier}`)).toEqual([]);
  });

  it('never imports applications, tests or benchmarks from a library', () => {
    const outward = imports.filter(
      ({ file, specifier }) => libOf(file) && /^(\.\.\/)+(apps|test|bench)\//.test(specifier),
    );
    expect(outward.map(({ file, specifier }) => `${file} → ${specifier}`)).toEqual([]);
  });
});
