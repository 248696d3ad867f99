// One way to turn anything thrown into a line a reader can read. `catch (err)` gives `unknown` in strict
// TypeScript: it is usually an Error, but a library may throw a string or an object.
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : String(err);
}

/**
 * The `code` of an error (`'ECONN'`, `'EADDRINUSE'`, `'SQLITE_CONSTRAINT_UNIQUE'`), or undefined. Node's
 * and the libraries' errors carry it as a string property; anything else thrown has none.
 */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}
