/** JSON read from the meta table, which something else may have written: `undefined` for text that is no JSON. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
