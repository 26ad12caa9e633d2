/**
 * The built console (`index.html`, `assets/*`), read once into memory (at the console's first request) and served
 * with an ETag. It is built by
 * `npm run build` into `dist/console/` (scripts/build-console.mjs); the server looks for it beside its bundle
 * (`dist/dialtone.mjs` → `dist/console/`), or, run from the sources, in the checkout's `dist/console/`, unless
 * `console.assetsDir` names the directory.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WireResponse } from '../../protocol/serialize.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

interface Asset {
  bytes: Buffer;
  type: string;
  etag: string;
}

/**
 * The console's files by their path below the console's root (`index.html`, `assets/app.js`), read at the console's
 * first request (a start that nobody opens the console after reads none of them).
 */
export class ConsoleAssets {
  #files: Map<string, Asset> | undefined;
  readonly #dir: () => string | undefined;

  /** @param dir where the built console is, or undefined when none was found; asked at the first request. */
  constructor(dir: () => string | undefined) {
    this.#dir = dir;
  }

  /** Whether a built console was found. */
  get built(): boolean {
    return this.#read().has('index.html');
  }

  /** The answer for `name` (`''` is the page), or undefined when there is no such file. */
  answer(name: string, ifNoneMatch: string | undefined): WireResponse | undefined {
    const asset = this.#read().get(name === '' ? 'index.html' : name);
    if (asset === undefined) return undefined;
    // Revalidated on each load: names carry no hash, and a new dialtone must never run with an old page's script.
    const headers = { 'content-type': asset.type, etag: asset.etag, 'cache-control': 'no-cache' };
    if (ifNoneMatch === asset.etag) return { status: 304, headers };
    return { status: 200, headers, bytes: asset.bytes };
  }

  #read(): Map<string, Asset> {
    if (this.#files !== undefined) return this.#files;
    const files = new Map<string, Asset>();
    const dir = this.#dir();
    for (const file of dir === undefined ? [] : walk(dir)) {
      const bytes = readFileSync(file);
      const name = relative(dir!, file).split(sep).join('/');
      files.set(name, { bytes, type: TYPES[extname(file)] ?? 'application/octet-stream', etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"` });
    }
    this.#files = files;
    return files;
  }
}

/** The built console's directory: `configured`, else the first of the usual places that holds an `index.html`. */
export function findConsoleDir(configured: string | undefined): string | undefined {
  if (configured !== undefined) return configured;
  const here = dirname(fileURLToPath(import.meta.url));
  // Bundled: dist/dialtone.mjs → dist/console. From the sources: src/gateway/console → dist/console of the checkout.
  const candidates = [join(here, 'console'), join(here, '..', '..', '..', 'dist', 'console')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
