import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readTargets, renderTargets, withTargetsTable, type ResultFile } from './targets';

const ROOT = resolve(__dirname, '..', '..');

/** Every `bench/results/<name>.json`, by name. */
export function readResults(dir = join(ROOT, 'bench', 'results')): Map<string, ResultFile> {
  const results = new Map<string, ResultFile>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    results.set(file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, file), 'utf8')) as ResultFile);
  }
  return results;
}

/** Rewrites the README's table of targets from the results files; prints it too. */
export function updateReadmeTargets(readmePath = join(ROOT, 'README.md')): string {
  const table = renderTargets(readTargets(readResults()));
  writeFileSync(readmePath, withTargetsTable(readFileSync(readmePath, 'utf8'), table));
  return table;
}

if (require.main === module) {
  console.log(updateReadmeTargets());
  console.log('\nREADME.md: table of targets rewritten from bench/results/*.json');
}
