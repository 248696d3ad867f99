// One way to turn anything thrown into a line a reader can read. `catch (err)` gives `unknown` in strict
// TypeScript: it is usually an Error, but a library may throw a string or an object.
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : String(err);
}
