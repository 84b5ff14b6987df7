/**
 * `node -r test/support/run-from-source.js apps/api/cli/<name>.ts …`: runs a TypeScript program from its sources
 * in its own process, each file transpiled on require (TypeScript's transpileModule with the options of
 * tsconfig.json; `@licita/<lib>` resolved to libs/<lib> as its `paths` say). For tests of a command-line
 * program's process (arguments, output, exit code) that need no `nest build` first: the built program is what
 * the slow suites start.
 */
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const ts = require('typescript');

const ROOT = join(__dirname, '../..');
const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8'));
const { options } = ts.convertCompilerOptionsFromJson(compilerOptions, ROOT);
const transpileOptions = {
  ...options,
  incremental: false,
  tsBuildInfoFile: undefined,
  outDir: undefined,
  rootDir: undefined,
  sourceMap: false,
  inlineSourceMap: true,
};

// The inline source maps are read only with source maps on: a failing program's stack then names the .ts lines.
process.setSourceMapsEnabled(true);
require.extensions['.ts'] = (module, fileName) => {
  const { outputText } = ts.transpileModule(readFileSync(fileName, 'utf8'), {
    compilerOptions: transpileOptions,
    fileName,
  });
  module._compile(outputText, fileName);
};

const ALIAS = '@licita/';
const [aliasTarget] = compilerOptions.paths[`${ALIAS}*`];
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const aliased = request.startsWith(ALIAS)
    ? join(ROOT, aliasTarget.replace('*', request.slice(ALIAS.length)))
    : request;
  return resolveFilename.call(this, aliased, ...rest);
};
