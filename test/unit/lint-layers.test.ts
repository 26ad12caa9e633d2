/**
 * The lint enforces the layers of DESIGN.md: for every top-level folder of src/ and every root file, a fixture inside
 * that layer importing a real file of each other layer is rejected with the layer message when the arrow points
 * outward, and accepted when it points inward. The expectations below are written from the design, not read from
 * eslint.config.js, so a rule that goes missing or too permissive fails here. Fixtures are linted as text under
 * virtual paths, so `eslint .` never sees them.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

/** What each layer may import besides itself (the arrows point inward). */
const CORE: string[] = [];
const COMPOSITION = ['auth', 'carrier', 'config', 'domain', 'gateway', 'generated', 'observability', 'operations', 'protocol', 'storage', 'tenancy', 'worker'];
const MAY_IMPORT: Record<string, string[]> = {
  shared: CORE,
  protocol: CORE,
  auth: CORE,
  config: CORE,
  generated: CORE,
  observability: CORE,
  domain: CORE,
  storage: ['domain'],
  carrier: ['domain'],
  worker: ['domain'],
  tenancy: ['auth', 'config', 'domain'],
  operations: ['domain', 'generated', 'protocol'],
  gateway: ['auth', 'generated', 'operations', 'protocol'],
  app: COMPOSITION,
  main: ['app', ...COMPOSITION],
  seed: ['app', ...COMPOSITION],
  cli: ['app', ...COMPOSITION, 'main', 'seed'],
};
/** Helpers with no dependency of their own (src/shared/) that every layer may import. */
const EVERYWHERE = ['shared'];
/** Layers that must reach no database driver and no HTTP server themselves. */
const DRIVER_FREE = ['auth', 'carrier', 'config', 'domain', 'observability', 'operations', 'protocol', 'shared', 'tenancy', 'worker'];

const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const rootFiles = readdirSync(SRC, { withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => e.name.slice(0, -'.ts'.length))
  .sort();
const layers = [...folders, ...rootFiles];

/** A real file of the layer: the first .ts file of its folder (depth first, by name), or the root file itself. */
function fileOf(layer: string): string {
  if (rootFiles.includes(layer)) return join(SRC, `${layer}.ts`);
  const first = (dir: string): string | undefined => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const file = entries.find((e) => e.isFile() && e.name.endsWith('.ts'));
    if (file) return join(dir, file.name);
    for (const sub of entries.filter((e) => e.isDirectory())) {
      const found = first(join(dir, sub.name));
      if (found) return found;
    }
    return undefined;
  };
  const found = first(join(SRC, layer));
  assert.ok(found, `src/${layer}/ has a .ts file`);
  return found;
}

/** Where a fixture of the layer is linted from: a virtual file in the folder, or the root file's own path. */
function fixturePath(layer: string): string {
  return rootFiles.includes(layer) ? join(SRC, `${layer}.ts`) : join(SRC, layer, 'lint-layer-fixture.ts');
}

function specifier(from: string, to: string): string {
  const path = relative(dirname(from), to);
  return path.startsWith('.') ? path : `./${path}`;
}

// Only the layer rule, without type information (the fixtures are not files of the TypeScript project); `ignore: false`
// so that the rule of the generated code (ignored by `eslint .`) is proven too.
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: join(ROOT, 'eslint.config.js'),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  ignore: false,
});

async function importMessages(layer: string, target: string): Promise<string[]> {
  const from = fixturePath(layer);
  const code = `import * as imported from '${target}';\nexport const used = imported;\n`;
  const [result] = await eslint.lintText(code, { filePath: from });
  assert.ok(result);
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], 'the fixture parses');
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer lint', () => {
  it('knows every top-level folder and root file of src/', () => {
    assert.deepEqual(layers.filter((l) => !(l in MAY_IMPORT)), [], 'layers without expectations here: add them to MAY_IMPORT');
    assert.ok(folders.includes('domain') && rootFiles.includes('main'));
  });

  for (const layer of layers) {
    describe(layer, () => {
      const allowed = new Set([layer, ...EVERYWHERE, ...(MAY_IMPORT[layer] ?? [])]);
      for (const target of layers.filter((t) => t !== layer)) {
        const outward = !allowed.has(target);
        it(`${outward ? 'rejects' : 'accepts'} an import of ${target}`, async () => {
          const messages = await importMessages(layer, specifier(fixturePath(layer), fileOf(target)));
          if (outward) {
            assert.equal(messages.length, 1, `${layer} → ${target} is rejected`);
            assert.match(messages[0]!, new RegExp(`^.* ${layer} must not depend on ${target} \\(see DESIGN`));
          } else {
            assert.deepEqual(messages, [], `${layer} → ${target} is accepted`);
          }
        });
      }

      it('rejects an import of the test suite', async () => {
        const messages = await importMessages(layer, specifier(fixturePath(layer), join(ROOT, 'test', 'support', 'server.ts')));
        assert.equal(messages.length, 1);
        assert.match(messages[0]!, new RegExp(`${layer} must not depend on test/`));
      });

      if (DRIVER_FREE.includes(layer)) {
        for (const driver of ['kysely', 'pg', 'better-sqlite3', 'node:http']) {
          it(`rejects the driver ${driver}`, async () => {
            const messages = await importMessages(layer, driver);
            assert.equal(messages.length, 1);
            assert.match(messages[0]!, /drivers and HTTP belong to the storage adapters/);
          });
        }
      }
    });
  }

  describe('the arrows that once passed', () => {
    const cases: [string, string, string][] = [
      ['domain', 'storage/open-storage.ts', 'domain must not depend on storage'],
      ['domain', 'storage/storage.ts', 'domain must not depend on storage'],
      ['tenancy', 'storage/kysely/kysely-storage.ts', 'tenancy must not depend on storage'],
      ['observability', 'main.ts', 'observability must not depend on main'],
    ];
    for (const [layer, file, message] of cases) {
      it(`${layer} → src/${file}`, async () => {
        const messages = await importMessages(layer, specifier(fixturePath(layer), join(SRC, file)));
        assert.ok(messages.length > 0, 'rejected');
        assert.ok(messages.some((m) => m.includes(message)), messages.join('\n'));
      });
    }

    it('tenancy → kysely (the package)', async () => {
      assert.equal((await importMessages('tenancy', 'kysely')).length, 1);
    });
  });

  it('accepts an import inside the layer and of a package', async () => {
    assert.deepEqual(await importMessages('domain', './ports/orders.ts'), []);
    assert.deepEqual(await importMessages('domain', 'libphonenumber-js/max'), []);
  });
});
