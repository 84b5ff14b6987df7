// Jest transform for *.dto.ts and *.controller.ts: compiles them as `nest build` does, with the Swagger CLI plugin
// (options from nest-cli.json), so the OpenAPI document a test reads is the built app's. The plugin needs a type
// checker, which ts-jest has no program for under isolatedModules (and ts-jest shares one set-up among all its
// transform entries), so this transform keeps one TypeScript program per worker over every DTO and controller.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const ts = require('typescript');
const { before } = require('@nestjs/swagger/plugin');

const IS_SWAGGER_FILE = /\.(dto|controller)\.ts$/;
let program;
let dtoDigest;

function compilerSetup(rootDir) {
  const { config } = ts.readConfigFile(resolve(rootDir, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, rootDir);
  const options = { ...parsed.options, incremental: false, sourceMap: true, inlineSourceMap: false, noEmit: false };
  return { options, roots: parsed.fileNames.filter((file) => IS_SWAGGER_FILE.test(file)) };
}

function programFor(rootDir, fileName) {
  if (program?.getSourceFile(fileName)) return program;
  const { options, roots } = compilerSetup(rootDir);
  program = ts.createProgram({ rootNames: [...new Set([...roots, fileName])], options, oldProgram: program });
  return program;
}

/** A DTO's schema depends on the DTO files it references: any change to one of them invalidates every entry. */
function dtoFilesDigest(rootDir) {
  if (dtoDigest === undefined) {
    const hash = createHash('sha256');
    for (const file of compilerSetup(rootDir).roots) hash.update(file).update(readFileSync(file));
    dtoDigest = hash.digest('hex');
  }
  return dtoDigest;
}

module.exports = {
  getCacheKey(source, path, { config, transformerConfig }) {
    return createHash('sha256')
      .update(`${ts.version}\0${path}\0${JSON.stringify(transformerConfig)}\0${dtoFilesDigest(config.rootDir)}\0`)
      .update(source)
      .digest('hex');
  },
  process(source, path, { config, transformerConfig }) {
    const compiled = programFor(config.rootDir, path);
    let code = '';
    let map;
    compiled.emit(
      compiled.getSourceFile(path),
      (name, text) => (name.endsWith('.map') ? (map = text) : (code = text)),
      undefined,
      false,
      { before: [before(transformerConfig, compiled)] },
    );
    return { code, map };
  },
};
