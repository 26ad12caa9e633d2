/** Types of scripts/build-console.mjs, for the TypeScript that imports it (the browser tests). */
export interface AssetSize {
  bytes: number;
  gzipped: number;
}
/** Builds the console of the checkout at `root` into `outdir` (default: dist/console/ of this checkout). */
export function buildConsole(options?: { root?: string; outdir?: string }): Promise<{ outdir: string; sizes: Record<'app.js' | 'app.css', AssetSize> }>;
/** `app.js 103.6 kB (40.5 kB gzipped), app.css …; … gzipped in all`. */
export function describeSizes(sizes: Record<string, AssetSize>): string;
