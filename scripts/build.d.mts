// Types of scripts/build.mjs, for the test support and the benchmarks that build the bundle the same way.

/** The runtime dependencies that stay outside the bundle. */
export declare const EXTERNAL: string[];

/**
 * Builds the checkout at `root` (default: this one) into `outdir` (default: its dist/): `dialtone.mjs` and its source map.
 * @returns the path of the bundle
 */
export declare function buildDialtone(options?: { root?: string; outdir?: string }): Promise<string>;
