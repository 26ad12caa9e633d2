// Lint: TypeScript rules, plus the layer rules of the architecture (dependencies point inward).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layer → import paths it must not use. */
const LAYERS = {
  'src/protocol/**': ['domain', 'storage', 'operations', 'gateway', 'auth', 'config', 'worker', 'main'],
  'src/auth/**': ['domain', 'storage', 'operations', 'gateway', 'config', 'worker', 'main'],
  'src/domain/**': ['generated', 'protocol', 'operations', 'gateway', 'auth', 'config', 'worker', 'main', 'storage/sqlite', 'storage/kysely', 'storage/postgres'],
  'src/storage/**': ['generated', 'protocol', 'operations', 'gateway', 'auth', 'config', 'worker', 'main'],
  'src/operations/**': ['storage', 'gateway', 'auth', 'config', 'worker', 'main'],
  'src/gateway/**': ['domain', 'storage', 'config', 'worker', 'main'],
  'src/config/**': ['domain', 'storage', 'operations', 'gateway', 'auth', 'protocol', 'worker', 'main'],
  'src/worker/**': ['generated', 'protocol', 'operations', 'gateway', 'auth', 'config', 'main', 'storage/sqlite', 'storage/kysely', 'storage/postgres', 'carrier'],
  'src/carrier/**': ['generated', 'protocol', 'operations', 'gateway', 'auth', 'config', 'worker', 'main', 'storage'],
  'src/generated/**': ['domain', 'storage', 'operations', 'gateway', 'auth', 'protocol', 'config', 'worker', 'main'],
};
const DRIVERS = ['better-sqlite3', 'kysely', 'pg', 'node:http', 'http'];

const layerRules = Object.entries(LAYERS).map(([files, forbidden]) => ({
  files: [files.replace('**', '**/*.ts')],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...forbidden.map((layer) => ({
            group: [`**/${layer}/**`, `**/${layer}.ts`],
            message: `${files.split('/')[1]} must not depend on ${layer} (see DESIGN: dependencies point inward)`,
          })),
          ...(['src/domain/**', 'src/operations/**', 'src/protocol/**'].includes(files)
            ? [{ group: DRIVERS, message: 'drivers and HTTP belong to the storage adapters, the gateway and main' }]
            : []),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'src/generated/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
  },
  {
    // node:test's describe/it return promises that the runner itself awaits.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  ...layerRules,
);
