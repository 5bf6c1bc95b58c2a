import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The rules know nothing of the edge: src/core imports only src/core, src/shared and small pure libraries.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(sheet|gas|jobs|engines|ui)(/|$)',
              message: 'src/core is pure: it may not import src/sheet, src/gas, src/jobs, src/engines or src/ui (pass data in, or ask through a callback).',
            },
          ],
        },
      ],
    },
  },
  {
    // Arrows point down: jobs -> engines -> {sheet, gas} -> core. A job is one entry point's script; what two
    // jobs share is an engine, and engines never reach back up into jobs.
    files: ['src/jobs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\./', message: 'A job does not import another job: move what they share into src/engines.' }] },
      ],
    },
  },
  {
    files: ['src/engines/**/*.ts', 'src/sheet/**/*.ts', 'src/gas/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)jobs(/|$)', message: 'Only src/main.ts uses src/jobs: engines, sheet and gas never import a job.' }] }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', module: 'writable', require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
