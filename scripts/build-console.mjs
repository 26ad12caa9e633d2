#!/usr/bin/env node
// Builds the web console (console/) into dist/console/: index.html, assets/app.js (Preact and uPlot bundled, minified,
// ES2022) and assets/app.css (uPlot's styles and the console's). Nothing is fetched at run time: the server serves
// these files under /_dialtone/console/ (docs/console.md). `node scripts/build.mjs` (npm run build / npm start)
// calls it.
//
//   node scripts/build-console.mjs [--outdir DIR]      (default: dist/console/ of this checkout)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(import.meta.dirname, '..');

/**
 * Builds the console of the checkout at `root` into `outdir`.
 * @returns the output directory and the sizes (bytes, raw and gzipped) of app.js and app.css
 */
export async function buildConsole({ root = ROOT, outdir = join(root, 'dist', 'console') } = {}) {
  const assets = join(outdir, 'assets');
  mkdirSync(assets, { recursive: true });
  await build({
    entryPoints: { app: join(root, 'console/src/main.tsx') },
    outdir: assets,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    sourcemap: false,
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'console/index.html'), join(outdir, 'index.html'));
  const sizes = Object.fromEntries(
    ['app.js', 'app.css'].map((name) => {
      const bytes = readFileSync(join(assets, name));
      return [name, { bytes: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length }];
    }),
  );
  return { outdir, sizes };
}

/** `app.js 41.2 kB (15.3 kB gzipped), app.css …; gzipped in all: …`. */
export function describeSizes(sizes) {
  const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
  const parts = Object.entries(sizes).map(([name, s]) => `${name} ${kB(s.bytes)} (${kB(s.gzipped)} gzipped)`);
  const total = Object.values(sizes).reduce((sum, s) => sum + s.gzipped, 0);
  return `${parts.join(', ')}; ${kB(total)} gzipped in all`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
  const { outdir, sizes } = await buildConsole(values.outdir ? { outdir: resolve(values.outdir) } : {});
  console.log(`console: ${outdir}: ${describeSizes(sizes)}`);
}
