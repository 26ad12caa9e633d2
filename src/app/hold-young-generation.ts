/** Imported first by the command line (src/cli.ts), so that the hold covers every module's evaluation: see start-heap.ts. */
import { holdYoungGeneration } from './start-heap.ts';

holdYoungGeneration();
