// Lint: TypeScript rules, plus the layer rules of the architecture (dependencies point inward).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/ (every top-level folder, and the root files by name) and what each may import. Anything of src/
 * not listed as allowed is forbidden, so a new folder is forbidden everywhere until a layer names it. Nothing of src/
 * may import the test suite, the benchmarks or the scripts.
 */
const FOLDERS = ['app', 'auth', 'carrier', 'config', 'domain', 'gateway', 'generated', 'observability', 'operations', 'protocol', 'shared', 'storage', 'tenancy', 'worker'];
/** Small helpers with no dependency of their own (src/shared/) that every layer may use. */
const EVERYWHERE = ['shared'];
const ROOT_FILES = ['main', 'cli', 'seed'];
const OUTSIDE = ['test', 'bench', 'scripts'];
const ALLOWED = {
  // The core: the wire model and its machinery, credentials, configuration, logs and metrics know no other layer.
  shared: [],
  protocol: [],
  auth: [],
  config: [],
  generated: [],
  observability: [],
  // The domain owns its ports (src/domain/ports/); it never sees storage, HTTP, the wire or the configuration.
  domain: [],
  // Adapters implement domain ports.
  storage: ['domain'],
  carrier: ['domain'],
  // Background loops drive domain services.
  worker: ['domain'],
  // Accounts, keys, limits and quotas: credentials for auth, the quota port for the domain.
  tenancy: ['auth', 'config', 'domain'],
  // Typed input → domain → typed output.
  operations: ['domain', 'generated', 'protocol'],
  // The request pipeline.
  gateway: ['auth', 'generated', 'operations', 'protocol'],
  // Composition: wires every layer; started by main.
  app: ['auth', 'carrier', 'config', 'domain', 'gateway', 'generated', 'observability', 'operations', 'protocol', 'storage', 'tenancy', 'worker'],
};
const ROOT_ALLOWED = {
  main: ['app', ...ALLOWED.app],
  seed: ['app', ...ALLOWED.app],
  cli: ['app', ...ALLOWED.app, 'main', 'seed'],
};
/** Layers that must not reach a database driver or HTTP themselves. */
const NO_DRIVERS = ['auth', 'carrier', 'config', 'domain', 'observability', 'operations', 'protocol', 'shared', 'tenancy', 'worker'];
const DRIVERS = ['better-sqlite3', 'kysely', 'pg', 'node:http', 'http'];

const restrictions = (layer, allowed) => [
  ...[...FOLDERS, ...ROOT_FILES]
    .filter((other) => other !== layer && !allowed.includes(other) && !EVERYWHERE.includes(other))
    .map((other) => ({
      group: [ROOT_FILES.includes(other) ? `**/${other}.ts` : `**/${other}/**`],
      message: `${layer} must not depend on ${other} (see DESIGN: dependencies point inward)`,
    })),
  ...OUTSIDE.map((other) => ({ group: [`**/${other}/**`], message: `${layer} must not depend on ${other}/ (src/ ships without it)` })),
  ...(NO_DRIVERS.includes(layer)
    ? [{ group: DRIVERS, message: `${layer}: drivers and HTTP belong to the storage adapters, the gateway and the composition root` }]
    : []),
];

/** Each rule is proven by test/unit/lint-layers.test.ts. */
const LAYER_FILES = {
  ...Object.fromEntries(FOLDERS.map((folder) => [folder, `src/${folder}/**/*.ts`])),
  ...Object.fromEntries(ROOT_FILES.map((name) => [name, `src/${name}.ts`])),
};

const layerRules = Object.entries({ ...ALLOWED, ...ROOT_ALLOWED }).map(([layer, allowed]) => ({
  files: [LAYER_FILES[layer]],
  rules: { 'no-restricted-imports': ['error', { patterns: restrictions(layer, allowed) }] },
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
    // The web console runs in the browser: its globals (window, document, fetch, EventSource, …) come from the DOM
    // library of console/tsconfig.json, which the TypeScript rules check (no-undef is off for TypeScript files, as
    // typescript-eslint recommends). It may use the model's types and the event type names, nothing else of src/.
    files: ['console/**/*.ts', 'console/**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!generated/chime-sdk-voice\\.ts$|domain/events/event-types\\.ts$)',
              message: 'the console may import only the model types (src/generated/chime-sdk-voice.ts) and the event types (src/domain/events/event-types.ts) of src/',
            },
          ],
        },
      ],
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
