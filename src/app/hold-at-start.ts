/** Imported first by the command line (src/cli.ts), so that the holds cover every module's evaluation: see start-holds.ts. */
import { holdWhileStarting } from './start-holds.ts';

holdWhileStarting();
