import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Patterns see user text: each must run in time linear in its input (audit finding 1, a regex froze the server).
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': ['error', { report: 'potential', ignoreSticky: false, ignorePartial: false }],
      'regexp/no-misleading-capturing-group': 'error',
      'regexp/no-dupe-disjunctions': ['error', { report: 'all' }],
    },
  },
  {
    // search/ is an engine the features feed (search/README.md, "The seam"): features import search/, never the other
    // way. It may use the shared vocabulary only: domain and pay rules, table types, time, the drain loop, reference data.
    files: ['search/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Any module under server/ except the shared vocabulary named here.
              regex: '(^|/)server/(?!(domain|pay)\\.ts$|db/database\\.ts$|time/|workers/drain-loop\\.ts$|occupations/)',
              message:
                'search/ imports no feature: take rows and rules as arguments or registrations (search/sources.ts), or move shared vocabulary out of the feature.',
            },
          ],
        },
      ],
    },
  },
  // Layout is Prettier's job (npm run format); this only switches off the lint rules that would argue with it.
  prettier,
);
