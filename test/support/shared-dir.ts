import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * `../shared` beside the project root (the folder with package.json above this file), or `$LICITA_SHARED_DIR`:
 * the real files tests read (CompraNet and OCDS samples, schemas). One place, so no spec counts `..` by hand.
 */
export function sharedDir(...path: string[]): string {
  if (process.env.LICITA_SHARED_DIR) return resolve(process.env.LICITA_SHARED_DIR, ...path);
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) throw new Error(`no project root above ${__dirname}`);
    dir = dirname(dir);
  }
  return resolve(dir, '..', 'shared', ...path);
}
