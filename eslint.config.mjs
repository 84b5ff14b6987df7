// ESLint (flat config): typescript-eslint with type information, Prettier for layout, and the context
// boundary rule: a library is entered only through its front door (`@licita/<lib>`, its index.ts).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const FRONT_DOORS = {
  patterns: [
    {
      group: ['@licita/*/**'],
      message:
        "Import another library only through its front door ('@licita/<lib>', its index.ts); inside a library use relative paths.",
    },
    {
      regex: '^(\\.\\./)+(apps|test|bench)(/|$)',
      message: 'Libraries and applications never import tests, benchmarks or (from libs) applications.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'apps/web/**',
      '.licita/**',
      'bench/results/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'migrations/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'libs/*/testing/**', 'libs/**/conformance/**'],
    rules: {
      'no-restricted-imports': ['error', FRONT_DOORS],
      // Small functions with one job (STYLE.md): a longer one is split, not waved through.
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Tests and benchmarks read JSON answers whose shape the assertions check: the unsafe-any rules would
    // only add casts there.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'bench/**/*.ts', 'libs/*/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
