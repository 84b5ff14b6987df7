import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';

/**
 * package.json says what Licita needs, no more and no less (issue #16, point 14):
 * - every package the code imports is declared (none borrowed from another package's dependencies);
 * - every declared package is used: imported, run by an npm script or by path from a CI/test script, a
 *   required peer of a used package, or the @types of a used package;
 * - `dependencies` (what `npm ci --omit=dev` installs in the runtime image) holds exactly what the code reachable
 *   from the production entry points imports (API, projector, their CLIs, migrations), the rest is a devDependency.
 * The imports are read with TypeScript's own pre-processor (static, `require`, `import()`) plus calls to a helper
 * named `import…`/`require…` (ES modules loaded from CommonJS output).
 */
const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};
const production = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {})]);
const declared = new Set([...production, ...Object.keys(pkg.devDependencies)]);

const CODE = /\.(ts|tsx|js|mjs|cjs|mts|cts)$/;
const SCANNED = ['apps', 'libs', 'test', 'bench', 'migrations', 'scripts', '.ci', 'docker'];
const builtins = new Set(builtinModules);

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ['node_modules', 'dist', 'results'].includes(name) ? [] : filesUnder(path);
    return [path];
  });
}

const allFiles = [
  ...SCANNED.flatMap((dir) => filesUnder(join(ROOT, dir))),
  ...readdirSync(ROOT)
    .filter((name) => CODE.test(name))
    .map((name) => join(ROOT, name)),
];

function specifiersOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  for (const m of text.matchAll(/\b(?:import|require)\w*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]);
  return found;
}

function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('@licita/')) return undefined;
  if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0])) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Package name → files that import it. */
function importedPackages(files: string[]): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of files.filter((f) => CODE.test(f))) {
    for (const name of specifiersOf(file).map(packageOf)) {
      if (name) used.set(name, [...(used.get(name) ?? []), relative(ROOT, file)]);
    }
  }
  return used;
}

function manifestOf(name: string): {
  bin?: string | Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
} {
  const path = join(ROOT, 'node_modules', name, 'package.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
}

function binsOf(name: string): string[] {
  const bin = manifestOf(name).bin;
  if (!bin) return [];
  return typeof bin === 'string' ? [name.split('/').pop() as string] : Object.keys(bin);
}

function requiredPeers(name: string): string[] {
  const manifest = manifestOf(name);
  return Object.keys(manifest.peerDependencies ?? {}).filter(
    (peer) => !manifest.peerDependenciesMeta?.[peer]?.optional,
  );
}

/** Files reachable from the production entry points through relative and `@licita/<lib>` imports. */
function productionFiles(): string[] {
  const entries = [
    'apps/api/main.ts',
    'apps/projector/main.ts',
    ...filesUnder(join(ROOT, 'apps/api/cli')).map((f) => relative(ROOT, f)),
    ...filesUnder(join(ROOT, 'apps/projector/cli')).map((f) => relative(ROOT, f)),
    ...filesUnder(join(ROOT, 'migrations')).map((f) => relative(ROOT, f)),
  ].filter((f) => f.endsWith('.ts') && !/\.(spec|e2e-spec)\.ts$/.test(f));
  const seen = new Set<string>();
  const queue = entries.map((f) => join(ROOT, f));
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of specifiersOf(file)) {
      const base = specifier.startsWith('@licita/')
        ? join(ROOT, 'libs', specifier.slice('@licita/'.length))
        : specifier.startsWith('.')
          ? join(dirname(file), specifier)
          : undefined;
      const target =
        base && [`${base}.ts`, join(base, 'index.ts'), base].find((c) => existsSync(c) && statSync(c).isFile());
      if (target && target.endsWith('.ts')) queue.push(target);
    }
  }
  return [...seen];
}

describe('package.json dependencies', () => {
  const used = importedPackages(allFiles);
  const runtime = importedPackages(productionFiles());

  it('declares every package the code imports', () => {
    const undeclared = [...used]
      .filter(([name]) => !declared.has(name))
      .map(([name, files]) => `${name} (${files[0]})`);
    expect(undeclared).toEqual([]);
  });

  it('uses every package it declares', () => {
    const scripts = Object.values(pkg.scripts).join('\n');
    const shellAndConfig = allFiles.map((f) => readFileSync(f, 'utf8')).join('\n');
    const isUsed = (name: string): boolean =>
      used.has(name) ||
      binsOf(name).some((bin) => new RegExp(`(^|[\\s&|;(])(npx |npm exec -- )?${bin}(\\s|$)`, 'm').test(scripts)) ||
      shellAndConfig.includes(`node_modules/${name}/`);
    const direct = new Set([...declared].filter(isUsed));
    const peers = new Set([...direct].flatMap(requiredPeers));
    const types = (name: string) => name.startsWith('@types/') && direct.has(name.slice('@types/'.length));
    const tsconfigTypes =
      (JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: { types?: string[] } })
        .compilerOptions.types ?? [];
    const unused = [...declared].filter(
      (name) =>
        !direct.has(name) && !peers.has(name) && !types(name) && !tsconfigTypes.some((t) => name === `@types/${t}`),
    );
    expect(unused).toEqual([]);
  });

  it('puts in `dependencies` exactly what the production entry points import', () => {
    const runtimePeers = new Set([...runtime.keys()].flatMap(requiredPeers));
    const missing = [...runtime]
      .filter(([name]) => !production.has(name))
      .map(([name, files]) => `${name} (${files[0]})`);
    const devOnly = Object.keys(pkg.dependencies).filter((name) => !runtime.has(name) && !runtimePeers.has(name));
    expect({ missing, devOnly }).toEqual({ missing: [], devOnly: [] });
  });
});
