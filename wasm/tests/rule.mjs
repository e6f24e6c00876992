// The golden-vector matching rule of core/tests/vectors.rs, in JavaScript. No Node imports:
// the browser test serves this file to the page as it is.

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * `expected` matches `actual` as a subset, as in core/tests/vectors.rs: every key `expected`
 * names must be present in `actual` with a matching value (recursively); arrays match element
 * by element and must have the same length; anything else must be equal.
 * Returns null on a match, else a message naming the path.
 */
export function subset(expected, actual, path = "") {
  if (isObject(expected) && isObject(actual)) {
    for (const [k, ev] of Object.entries(expected)) {
      if (!Object.hasOwn(actual, k)) return `${path}.${k}: missing in result`;
      const m = subset(ev, actual[k], `${path}.${k}`);
      if (m) return m;
    }
    return null;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      return `${path}: expected ${expected.length} items, got ${actual.length}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const m = subset(expected[i], actual[i], `${path}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if (jsonEqual(expected, actual)) return null;
  return `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/** Structural equality of two JSON values (object key order ignored). */
export function jsonEqual(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return a === b;
}

/**
 * Run one vector case through `call`; returns null when it passes, else a message.
 * A thrown value that is not a DatafeeError (a WebAssembly trap, a TypeError) always fails.
 */
export function runCase(call, c) {
  const hasExpected = Object.hasOwn(c, "expected");
  const hasError = Object.hasOwn(c, "error");
  if (hasExpected === hasError) return "case needs exactly one of expected / error";
  let result;
  try {
    result = call(c.op, c.input);
  } catch (e) {
    if (!(e instanceof Error) || e.name !== "DatafeeError") {
      return `threw something that is not a DatafeeError: ${e?.constructor?.name}: ${e?.message ?? e}`;
    }
    if (!hasError) return `unexpected error ${e.code} at ${e.field}: ${e.message}`;
    const want = { code: e.code, field: e.field, value: e.value };
    const m = subset(c.error, want, "error");
    return m ? `${m} (message: ${e.message})` : null;
  }
  if (hasError) return `expected error ${JSON.stringify(c.error)}, got ${JSON.stringify(result)}`;
  return subset(c.expected, result, "");
}
