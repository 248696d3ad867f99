// level-jobs stores each payload as JSON text, through json-stringify-safe, and that library never
// complains: a circular reference becomes the string "[Circular ~]", a Date becomes a string, a
// function or an `undefined` field disappears, and `push(undefined)` stores the text "undefined" that
// JSON.parse later throws on. Each of those is a job that silently changes on its way through the
// queue. So we check the payload before it is pushed, and say exactly what cannot be stored.

export class PayloadError extends TypeError {
  override name = 'PayloadError';
}

/** Throws a PayloadError naming the first value that would not come back from JSON unchanged. */
export function assertStorable(payload: unknown): void {
  check(payload, 'payload', []);
}

function check(value: unknown, where: string, ancestors: object[]): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(where, `is ${value}, which JSON stores as null`);
    return;
  }
  if (typeof value !== 'object') fail(where, `is ${describe(value)}, which JSON cannot store`);
  if (ancestors.includes(value)) fail(where, 'is a circular reference (it contains itself)');
  const inside = [...ancestors, value];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      check(item, `${where}[${i}]`, inside);
    });
    return;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    fail(
      where,
      `is a ${proto?.constructor?.name ?? 'class'} instance; JSON would store it as a plain object or string`,
    );
  }
  for (const [key, item] of Object.entries(value)) check(item, `${where}.${key}`, inside);
}

function describe(value: unknown): string {
  return value === undefined ? 'undefined' : `a ${typeof value}`;
}

function fail(where: string, problem: string): never {
  throw new PayloadError(`cannot queue this job: ${where} ${problem}. Payloads must be plain JSON data.`);
}
