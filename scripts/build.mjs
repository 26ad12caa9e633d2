#!/usr/bin/env node
// Bundles src/ into dist/dialtone.mjs with esbuild (about 0.2 s), and the web console into dist/console/
// (scripts/build-console.mjs): what `npm start` runs, and what the npm package
// ships as its `dialtone` command (`npm pack` builds it first, see `prepack`). Bundling (tree-shaken, no TypeScript
// loader thread at run time) halves start-up time and saves about 70 MB of resident memory against running the
// sources through tsx. Packages that load native code or read files next to themselves stay external: they are the
// package's only runtime dependencies (package.json `dependencies`; the bundled ones are devDependencies).
//
//   node scripts/build.mjs [--outdir DIR]      (default: dist/ of this checkout)
//
// What start-up costs shaped (docs/performance.md, "Start-up and idle memory"):
// - Node's built-in modules and the external packages are loaded with require(): an ES import of `node:http` makes
//   Node 22 and 24 load their fetch implementation (undici) for the import's namespace object (in dialtone's start on
//   Node 24, 60 ms of CPU and 8 MB of memory on the project's 2-core machine);
// - whitespace and comments are left out: a smaller, ASCII-only text for V8 to read and keep in memory (the comments'
//   `→` and `—` made V8 hold the 2.7 MB bundle as two-byte text). Names are kept, so that stack traces read, and the
//   source map (`node --enable-source-maps`) points into src/.
// - data read once at start (libphonenumber-js's metadata, the numbering plan, the union of the two API models) is in
//   files beside the bundle, dist/data/, rather than in its text (below); the metadata is read with JSON.parse rather
//   than compiled as an object literal, the plan is inflated and the union merged here rather than at each start.
// Splitting the commands other than `serve` into chunks loaded on demand, and Node's compile cache (22.1 and later),
// were measured and left out: the first did not change the CPU time of a start beyond the noise; the second took 10 ms
// from the URL line and none from the first 201 (docs/performance.md, the forty-second round).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { SourceMap, builtinModules } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { buildConsole, describeSizes } from './build-console.mjs';

const ROOT = join(import.meta.dirname, '..');
/** The runtime dependencies that stay outside the bundle (native code, or files read next to themselves). */
export const EXTERNAL = ['better-sqlite3', 'libphonenumber-geo-carrier', 'pino'];

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/**
 * An ES import of a built-in module or of an external package becomes a require() of it (see the file comment): an
 * importer of names only gets those names, read from the exports once ({@link namesImported}); any other importer
 * gets the module's exports object, read member by member where used, as esbuild does for CommonJS.
 */
const requireExternals = {
  name: 'require-externals',
  setup(b) {
    const sources = new Map();
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.namespace === 'required' || args.namespace === 'required-names') return { path: args.path, external: true };
      if (args.kind !== 'import-statement' || !(BUILTINS.has(args.path) || EXTERNAL.includes(args.path))) return undefined;
      let text = sources.get(args.importer);
      if (text === undefined) sources.set(args.importer, (text = readFileSync(args.importer, 'utf8')));
      const names = namesImported(text, args.path);
      if (names !== undefined) return { path: args.path, namespace: 'required-names', pluginData: names, suffix: `?${names.join(',')}` };
      return { path: args.path, namespace: 'required' };
    });
    b.onLoad({ filter: /.*/, namespace: 'required' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
    b.onLoad({ filter: /.*/, namespace: 'required-names' }, (args) => ({
      contents: `const m = require(${JSON.stringify(args.path)});\n${args.pluginData.map((name) => `export const ${name} = m.${name};`).join('\n')}`,
      loader: 'js',
    }));
  },
};

/**
 * The names that the module of source `text` imports from `specifier`, when it imports nothing else from it (only
 * `import { a, b as c }`, and type imports); undefined for a default or namespace import, or none. Such a module then
 * gets a module of those names, each read once from the required exports: esbuild's CommonJS interop (`__toESM`) would
 * instead copy every property of the built-in into a new object for each importer, which reads the descriptors of
 * `node:util`'s lazily loaded members (about 5 ms at start) and copies the 80-odd members of `node:crypto` for each of
 * the 17 modules that import it (3 MB more allocated while the server starts).
 * @example namesImported("import { createHash, type Hash } from 'node:crypto';", 'node:crypto') → ['createHash']
 */
export function namesImported(text, specifier) {
  const quoted = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const names = new Set();
  let found = false;
  for (const [, clause] of text.matchAll(new RegExp(`^\\s*import\\s+([^;'"]*?)\\s*from\\s*['"]${quoted}['"]`, 'gm'))) {
    found = true;
    if (/^type\s/.test(clause)) continue;
    const braces = /^\{([^}]*)\}$/.exec(clause.trim());
    if (!braces) return undefined;
    for (const item of braces[1].split(',')) {
      const member = item.trim();
      if (member === '' || /^type\s/.test(member)) continue;
      const name = member.split(/\s+as\s+/)[0];
      if (!/^[A-Za-z_$][\w$]*$/.test(name) || name === 'default') return undefined;
      names.add(name);
    }
  }
  return found && names.size > 0 ? [...names].sort() : undefined;
}

/**
 * Data that the server reads once at start goes into files beside the bundle (`dist/data/`), read when needed, rather
 * than into the bundle's text: a literal of the bundle stays in memory twice for the life of the process (in the
 * source text V8 keeps, and as the literal's own string), where a file's text read at start is garbage once used.
 * - libphonenumber-js's metadata (158 KB of JSON written as a JavaScript object literal) becomes `JSON.parse` of the
 *   file's text: V8 parses JSON several times faster than it compiles an object literal of that size.
 * - The union of the two API models (src/app/union-model.ts) is computed here and written as JSON: a start neither
 *   reads the two models nor merges them.
 * - The numbering plan (src/generated/numbering-plan.ts, 230 KB of base64 of deflated bytes) is inflated here and
 *   written as its layout's bytes (543 KB), which the getter of `layout` reads once: a start then neither loads
 *   node:zlib (on Node 26 it brings fifteen modules of zip archives) nor inflates (src/app/numbering-plan-data.ts).
 */
const dataFiles = {
  name: 'data-files',
  setup(b) {
    const dir = join(dirname(b.initialOptions.outfile), DATA_DIR);
    // Only this build's files: an earlier build's (numbering-plan.b64 before the layout) would be packed with them.
    rmSync(dir, { recursive: true, force: true });
    /**
     * Writes `content` to `dist/data/<name>`; answers the expression that reads it back, relative to the bundle: text
     * (latin1) for a string, a Buffer for bytes.
     */
    const dataFile = (name, content) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, name), content);
      const encoding = typeof content === 'string' ? ', "latin1"' : '';
      return `require("node:fs").readFileSync(new URL(${JSON.stringify(`./${DATA_DIR}/${name}`)}, import.meta.url)${encoding})`;
    };
    b.onLoad({ filter: /[\\/]libphonenumber-js[\\/]metadata\.[a-z]+\.json\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const json = text.slice(text.indexOf('export default ') + 'export default '.length).trim();
      JSON.parse(json);
      if (!/^[\x20-\x7e]*$/.test(json)) throw new Error(`${args.path}: the metadata is not printable ASCII (it is read back as latin1)`);
      return { contents: `export default JSON.parse(${dataFile(`phone-${basename(args.path, '.json.js')}.json`, json)});`, loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]src[\\/]app[\\/]union-model\.ts$/ }, async (args) => {
      // ASCII (read back as latin1): any other character escaped, as JSON allows in its strings, one code unit each.
      const union = JSON.stringify(await unionAtBuild(args.path, join(dirname(args.path), '..', '..', 'spec'))).replace(
        /[\u0080-\uffff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
      return { contents: `export function unionModel() { return JSON.parse(${dataFile('models-union.json', union)}); }`, loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]src[\\/]generated[\\/]numbering-plan\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const made = /^\s*made: (\{.*\}),$/m.exec(text);
      const data = /^\s*data: "([A-Za-z0-9+/=]*)",$/m.exec(text);
      if (!made || !data) throw new Error(`${args.path}: no made and data lines (is it what scripts/generate-plan.ts writes?)`);
      return {
        contents: `export const NUMBERING_PLAN = { made: ${made[1]}, get layout() { return ${dataFile('numbering-plan.bin', inflateRawSync(Buffer.from(data[1], 'base64')))}; } };`,
        loader: 'js',
      };
    });
  },
};

/**
 * The union of the two models in `specDir` as src/app/union-model.ts computes it: that module (and the merge it calls),
 * with the models' file names (src/app/model-files.ts), bundled on its own and run here, so that the build, plain
 * JavaScript, runs the TypeScript sources' own code.
 */
async function unionAtBuild(modulePath, specDir) {
  const entry = `export { unionModel } from './${basename(modulePath)}'; export { MODEL_FILES } from './model-files.ts';`;
  const { outputFiles } = await build({
    stdin: { contents: entry, resolveDir: dirname(modulePath), loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'warning',
  });
  const { unionModel, MODEL_FILES } = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
  const model = (file) => JSON.parse(readFileSync(join(specDir, file), 'utf8'));
  return unionModel(() => [model(MODEL_FILES.chime), model(MODEL_FILES.voice)]);
}

/** Where the data files go, under the bundle's directory (see {@link dataFiles}). */
const DATA_DIR = 'data';

/**
 * Builds the checkout at `root` into `outdir` (`dialtone.mjs` and its source map).
 * @returns the path of the bundle
 */
export async function buildDialtone({ root = ROOT, outdir = join(root, 'dist') } = {}) {
  const outfile = join(outdir, 'dialtone.mjs');
  await build({
    entryPoints: [join(root, 'src/cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    minifyWhitespace: true,
    legalComments: 'none',
    external: EXTERNAL,
    plugins: [requireExternals, dataFiles],
    // The shebang makes the bundle the package's executable. Bundled CommonJS dependencies, and the built-in modules
    // (above), call require(): give the ES module one.
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  const text = readFileSync(outfile, 'utf8');
  // The source map (a quarter of a second to read and index) only for a bundle that holds such text: to say where from.
  if (NON_ASCII.test(text)) {
    const spots = nonAsciiSpots(text, JSON.parse(readFileSync(`${outfile}.map`, 'utf8')));
    throw new Error(
      `the bundle holds text beyond ASCII, which makes V8 keep all of it as two-byte text (twice the memory, a slower ` +
        `start): ${spots.map(describeSpot).join('; ')}. esbuild escapes such characters in strings but not in tagged ` +
        `templates (their raw text would change): write them as \\u escapes or in ASCII there`,
    );
  }
  return outfile;
}

const NON_ASCII = /[^\p{ASCII}]/u;

/**
 * The first `most` characters beyond ASCII in a bundle's `text`, each with where its source map places it in src/.
 * @param map the bundle's source map (its JSON, parsed)
 * @returns for each: the character, its code point as U+XXXX, the source file, line and column (1-based) when the map
 *   knows them
 */
export function nonAsciiSpots(text, map, most = 5) {
  const sourceMap = new SourceMap(map);
  const spots = [];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  for (const match of text.matchAll(/[^\p{ASCII}]/gu)) {
    if (spots.length === most) break;
    const line = lineStarts.findLastIndex((start) => start <= match.index);
    const entry = sourceMap.findEntry(line, match.index - lineStarts[line]);
    const known = entry.originalSource !== undefined;
    spots.push({
      character: match[0],
      codePoint: `U+${match[0].codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
      ...(known && { source: entry.originalSource, line: entry.originalLine + 1, column: entry.originalColumn + 1 }),
    });
  }
  return spots;
}

function describeSpot({ character, codePoint, source, line, column }) {
  return `${codePoint} '${character}'${source === undefined ? '' : ` from ${source}:${line}:${column}`}`;
}

/**
 * Builds the bundle into `<dir>/dist/` with what the installed package has beside it linked into `<dir>` (`spec/`,
 * `node_modules/`, `package.json` for its version), so that it runs as dist/ does: for the tests and tools that start
 * the bundle outside the checkout's own dist/.
 * @returns the path of the bundle
 */
export async function buildDialtoneIn(dir, { root = ROOT } = {}) {
  for (const name of ['spec', 'node_modules', 'package.json']) symlinkSync(join(root, name), join(dir, name));
  return buildDialtone({ root, outdir: join(dir, 'dist') });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
  const outdir = values.outdir ? resolve(values.outdir) : join(ROOT, 'dist');
  await buildDialtone({ outdir });
  const { sizes } = await buildConsole({ outdir: join(outdir, 'console') });
  console.log(`console: ${describeSizes(sizes)}`);
}
