// Types of scripts/build.mjs, for the test support and the benchmarks that build the bundle the same way.

/** The runtime dependencies that stay outside the bundle. */
export declare const EXTERNAL: string[];

/**
 * Builds the checkout at `root` (default: this one) into `outdir` (default: its dist/): `dialtone.mjs` and its source map.
 * @returns the path of the bundle
 */
export declare function buildDialtone(options?: { root?: string; outdir?: string }): Promise<string>;

/**
 * Builds the bundle into `<dir>/dist/` with `spec/`, `node_modules/` and `package.json` of `root` linked into `dir`, as
 * the installed package has them beside its dist/.
 * @returns the path of the bundle
 */
export declare function buildDialtoneIn(dir: string, options?: { root?: string }): Promise<string>;

/**
 * The names that the module of source `text` imports from `specifier` when it imports only names (and types) from it;
 * undefined for a default or namespace import, or when it imports nothing from it.
 */
export declare function namesImported(text: string, specifier: string): string[] | undefined;

/** A character beyond ASCII in a bundle, and where its source map places it in the sources (1-based line and column). */
export interface NonAsciiSpot {
  character: string;
  /** As `U+XXXX`. */
  codePoint: string;
  source?: string;
  line?: number;
  column?: number;
}

/** The first `most` (default 5) characters beyond ASCII in a bundle's `text`, placed by its source `map` (parsed JSON). */
export declare function nonAsciiSpots(text: string, map: unknown, most?: number): NonAsciiSpot[];
