/**
 * An object whose each property is made by its function when first read, then kept as a plain value: for parts of the
 * server that cost at start and that some servers never use (src/main.ts compiles each API's model so).
 * @example const models = onFirstUse({ chime: () => compileService(load('chime')) }); models.chime // compiled now
 */
export function onFirstUse<T extends object>(makers: { readonly [K in keyof T]: () => T[K] }): T {
  const made = {} as T;
  for (const key of Object.keys(makers) as (keyof T)[]) {
    Object.defineProperty(made, key, {
      enumerable: true,
      configurable: true,
      get: () => {
        const value = makers[key]();
        Object.defineProperty(made, key, { value, enumerable: true, configurable: false, writable: false });
        return value;
      },
    });
  }
  return made;
}
