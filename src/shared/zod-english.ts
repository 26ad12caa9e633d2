/**
 * zod/mini's refusals in English, as zod's chained API words them ("Too small: expected number to be >=1"): zod/mini
 * leaves the language to the application, and without one every refusal reads "Invalid input".
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';

let set = false;

/** Sets English as zod's language (once); call it before the first parse of a schema. */
export function useEnglishMessages(): void {
  if (set) return;
  z.config(en());
  set = true;
}
