import { createHash } from "node:crypto";

/**
 * Serialises a JSON-compatible value in RFC 8785 (JCS) canonical form, so that
 * semantically equal values always produce byte-identical text (and hashes).
 *
 * - object keys are sorted by UTF-16 code units (JS default string order, as JCS requires);
 * - no insignificant whitespace;
 * - strings are escaped exactly as `JSON.stringify` does;
 * - numbers use the ECMAScript JSON number serialisation (`-0` becomes `0`);
 * - object members whose value is `undefined` are omitted; arrays keep their order.
 *
 * Only plain objects (prototype `Object.prototype` or `null`) and arrays are
 * accepted as containers: a `Date`, `Map` or class instance would otherwise be
 * hashed through `toJSON`/own-keys rules the caller probably did not intend.
 *
 * @throws {RangeError} for a non-finite number (NaN, ±Infinity).
 * @throws {TypeError} for bigint, function, symbol, `undefined` outside an object
 *   member, non-plain objects, sparse arrays and circular references.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, "$", new Set());
}

/**
 * Hex-encoded SHA-256 digest. Strings are hashed as their UTF-8 bytes.
 */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * SHA-256 (hex) of the UTF-8 bytes of `canonicalJson(value)`.
 *
 * @throws the same errors as {@link canonicalJson}.
 */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

// `path` is a JSONPath-like location used only to make error messages actionable;
// `ancestors` holds the containers currently being serialised, to detect cycles.
function serialize(value: unknown, path: string, ancestors: Set<object>): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
    case "string":
      return JSON.stringify(value);
    case "number":
      return serializeNumber(value, path);
    case "object":
      return serializeContainer(value, path, ancestors);
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value} at ${path}`);
  }
}

function serializeNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`canonicalJson: non-finite number ${value} at ${path}`);
  }
  return JSON.stringify(value);
}

function serializeContainer(value: object, path: string, ancestors: Set<object>): string {
  if (ancestors.has(value)) {
    throw new TypeError(`canonicalJson: circular reference at ${path}`);
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return serializeArray(value, path, ancestors);
    if (isPlainObject(value)) return serializeObject(value, path, ancestors);
    throw new TypeError(`canonicalJson: unsupported object type at ${path}`);
  } finally {
    ancestors.delete(value);
  }
}

function serializeArray(value: unknown[], path: string, ancestors: Set<object>): string {
  const parts: string[] = [];
  // Index loop rather than map(): map() skips holes, which would silently shorten the array.
  for (let i = 0; i < value.length; i++) {
    if (!(i in value) || value[i] === undefined) {
      throw new TypeError(`canonicalJson: undefined array element at ${path}[${i}]`);
    }
    parts.push(serialize(value[i], `${path}[${i}]`, ancestors));
  }
  return `[${parts.join(",")}]`;
}

function serializeObject(
  value: Record<string, unknown>,
  path: string,
  ancestors: Set<object>,
): string {
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const member = value[key];
    if (member === undefined) continue;
    members.push(`${JSON.stringify(key)}:${serialize(member, `${path}.${key}`, ancestors)}`);
  }
  return `{${members.join(",")}}`;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
