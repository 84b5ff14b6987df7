// NestJS 12 ships ES modules only. Node 20 runs them through require(esm), but Jest's module system cannot
// (it does from Node 24.9). This transform compiles those packages to CommonJS for the test run only.
const ts = require('typescript');

const rewriteImportMeta = (source) =>
  source
    // `const require = createRequire(import.meta.url)`: CommonJS already has `require`.
    .replace(/^const require = createRequire\(import\.meta\.url\);$/m, '')
    .replace(/import\.meta\.url/g, "require('node:url').pathToFileURL(__filename).href")
    .replace(/import\.meta\.resolve\(/g, 'require.resolve(')
    .replace(/import\.meta\.dirname/g, '__dirname')
    .replace(/import\.meta\.filename/g, '__filename');

module.exports = {
  process(source, path) {
    const { outputText, sourceMapText } = ts.transpileModule(rewriteImportMeta(source), {
      fileName: path,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        allowJs: true,
        esModuleInterop: true,
        sourceMap: true,
      },
    });
    return { code: outputText, map: sourceMapText };
  },
  getCacheKey(source, path) {
    return require('node:crypto').createHash('sha1').update('esm-to-cjs-1').update(path).update(source).digest('hex');
  },
};
