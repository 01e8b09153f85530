// The linter of `npm test` (`npm run lint`): ESLint's and typescript-eslint's
// recommended rules, on every source, test, tool and script of the repo.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
    {ignores: ['dist/', 'node_modules/', '.cache/', 'docs/api/', 'coverage/']},
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
      languageOptions: {globals: {...globals.browser, ...globals.node}},
      rules: {
        // Unused arguments are named with a leading underscore.
        '@typescript-eslint/no-unused-vars':
            ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      },
    },
    {
      // The CommonJS configs of rollup and jest, and jest's test environment.
      files: ['rollup.config.js', 'jest.config.js', 'test/harness/*.js'],
      languageOptions: {sourceType: 'commonjs'},
      rules: {'@typescript-eslint/no-require-imports': 'off'},
    },
    {
      // Tests and tools drive browser pages through `window`, which has
      // no types for what the pages add.
      files: ['test/**', 'bench/**', 'tools/**', 'demo/**'],
      rules: {'@typescript-eslint/no-explicit-any': 'off'},
    },
);
