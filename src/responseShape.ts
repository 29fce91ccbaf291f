import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';

/**
 * Response validation at the client boundary. Every vendor answer is
 * checked against a small declarative shape before anything reads it:
 *
 *  - a single object (GET /me, GET /project/{slug}) that is not an object,
 *    or lacks its id, fails that request with a ResponseShapeError naming
 *    the endpoint (never "Cannot read properties of null");
 *  - an item of a listing that is not an object, lacks its id, or has an id
 *    unsafe to put in a URL path is skipped and counted in the run's
 *    ShapeLedger, which the step boundary turns into one warning per
 *    endpoint and reason ("3 items without uuid skipped from GET ...");
 *  - a field declared as a string that holds a number is coerced to its
 *    string form; any other wrong type is removed (read as absent), so a
 *    converter never calls a string method on a number or an object.
 */

/** Dotted paths into the item, e.g. 'trigger.actor.login'. */
export interface ItemShape {
  /** Path of the id that keys the item (and its entity); none for settings. */
  id?: string;
  /** The id's JSON type; a numeric id sent as a string of digits is accepted. */
  idType?: 'string' | 'number';
  /**
   * The id is placed in a later request's URL path: an id containing `..`
   * or a control character is refused (skipped), because a dot segment
   * survives encodeURIComponent and URL parsers resolve it.
   */
  pathId?: boolean;
  strings?: string[];
  numbers?: string[];
  booleans?: string[];
  objects?: string[];
  /** Arrays whose non-object (e.g. null) entries are removed. */
  objectArrays?: string[];
  /** Arrays whose entries must be strings (others removed). */
  stringArrays?: string[];
}

/** The `status` of a ResponseShapeError (an IntegrationProviderAPIError). */
export const INVALID_RESPONSE_STATUS = 'INVALID_RESPONSE';

/** A 2xx answer whose body is not the shape the endpoint documents. */
export class ResponseShapeError extends IntegrationProviderAPIError {
  constructor(
    vendor: string,
    endpoint: string,
    problem: string,
    message = `${vendor} ${endpoint} answered ${problem}`,
  ) {
    super({
      endpoint,
      status: INVALID_RESPONSE_STATUS,
      statusText: 'Unexpected response shape',
      message,
    });
  }
}

/**
 * An id or slug from an earlier answer that is unsafe in a URL path: the
 * request is not made (a `..` segment survives encodeURIComponent and URL
 * parsers resolve it into another endpoint).
 */
export function unsafePathError(
  vendor: string,
  endpoint: string,
  value: unknown,
): ResponseShapeError {
  const shown = JSON.stringify(String(value).slice(0, 80));
  return new ResponseShapeError(
    vendor,
    endpoint,
    'an unsafe id',
    `${vendor}: not requesting ${endpoint} with the unsafe id ${shown} (it contains ".." or a control character, or has the wrong number of segments, and would leave the endpoint)`,
  );
}

export function isResponseShapeError(err: unknown): err is ResponseShapeError {
  return err instanceof ResponseShapeError;
}

/** `..` anywhere, or a C0/DEL control character. */
// eslint-disable-next-line no-control-regex
const UNSAFE_PATH_VALUE = /\.\.|[\u0000-\u001f\u007f]/;

/** True when a value may go into a URL path segment once encoded. */
export function isSafePathValue(value: string): boolean {
  return value !== '' && !UNSAFE_PATH_VALUE.test(value);
}

/**
 * Skipped-item counts of one run, per endpoint and reason. Drained at the
 * end of every step; a key already announced in this run is logged again
 * but not published as a second warn event.
 */
export class ShapeLedger {
  private readonly pending = new Map<string, number>();
  private readonly announced = new Set<string>();

  record(endpoint: string, reason: string, count = 1): void {
    const key = `${reason}\u0000${endpoint}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + count);
  }

  /** Counts since the last drain; `first` is false for a repeated key. */
  drain(): Array<{ message: string; first: boolean }> {
    const out: Array<{ message: string; first: boolean }> = [];
    for (const [key, count] of this.pending) {
      const [reason, endpoint] = key.split('\u0000');
      const first = !this.announced.has(key);
      this.announced.add(key);
      const items = `item${count === 1 ? '' : 's'}`;
      const what =
        reason === NULL_ITEM || reason === NOT_OBJECT
          ? `${reason} ${items}`
          : `${items} ${reason}`;
      out.push({ message: `${count} ${what} skipped from ${endpoint}`, first });
    }
    this.pending.clear();
    return out;
  }
}

/** Reasons that describe the item itself ("2 null items skipped ..."). */
const NULL_ITEM = 'null';
const NOT_OBJECT = 'non-object';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parent object and last key of a dotted path, if the parents exist. */
function locate(
  item: Record<string, unknown>,
  path: string,
): { parent: Record<string, unknown>; key: string } | undefined {
  const parts = path.split('.');
  let parent: unknown = item;
  for (const part of parts.slice(0, -1)) {
    if (!isObject(parent)) return undefined;
    parent = parent[part];
  }
  if (!isObject(parent)) return undefined;
  return { parent, key: parts[parts.length - 1] };
}

function fix(
  item: Record<string, unknown>,
  paths: string[] | undefined,
  repair: (value: unknown) => { keep: boolean; value?: unknown },
): void {
  for (const path of paths ?? []) {
    const at = locate(item, path);
    if (!at || !(at.key in at.parent)) continue;
    const value = at.parent[at.key];
    if (value === null || value === undefined) continue;
    const result = repair(value);
    if (!result.keep) delete at.parent[at.key];
    else if ('value' in result) at.parent[at.key] = result.value;
  }
}

/** Normalises the declared fields of a (copied) item in place. */
function normaliseFields(item: Record<string, unknown>, shape: ItemShape) {
  // Objects first, so fields below a wrong-typed object are not visited.
  fix(item, shape.objects, (v) => ({ keep: isObject(v) }));
  fix(item, shape.strings, (v) =>
    typeof v === 'string'
      ? { keep: true }
      : typeof v === 'number' && Number.isFinite(v)
      ? { keep: true, value: String(v) }
      : { keep: false },
  );
  fix(item, shape.numbers, (v) =>
    typeof v === 'number' && Number.isFinite(v)
      ? { keep: true }
      : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)
      ? { keep: true, value: Number(v) }
      : { keep: false },
  );
  fix(item, shape.booleans, (v) => ({ keep: typeof v === 'boolean' }));
  fix(item, shape.objectArrays, (v) =>
    Array.isArray(v)
      ? { keep: true, value: v.filter(isObject) }
      : { keep: false },
  );
  fix(item, shape.stringArrays, (v) =>
    Array.isArray(v)
      ? { keep: true, value: v.filter((e) => typeof e === 'string') }
      : { keep: false },
  );
}

function withA(name: string): string {
  return `${/^(id|[aeio])/i.test(name) ? 'an' : 'a'} ${name}`;
}

function idName(shape: ItemShape): string {
  return (shape.id ?? '').split('.').pop() as string;
}

type Verdict<T> = { item: T } | { reason: string };

function judge<T>(raw: unknown, shape: ItemShape): Verdict<T> {
  if (!isObject(raw)) {
    return { reason: raw === null ? NULL_ITEM : NOT_OBJECT };
  }
  // A deep copy: the fix-ups never touch what the transport handed over.
  const item = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
  if (shape.id === undefined) {
    normaliseFields(item, shape);
    return { item: item as T };
  }
  const at = locate(item, shape.id);
  let id = at?.parent[at.key];
  const name = idName(shape);
  if (shape.idType === 'number') {
    if (typeof id === 'string' && /^\d+$/.test(id)) id = Number(id);
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
      return id === undefined || id === null || id === ''
        ? { reason: `without ${name}` }
        : { reason: `with ${withA(name)} that is not a number` };
    }
  } else {
    if (typeof id === 'number' && Number.isFinite(id)) id = String(id);
    if (typeof id !== 'string' || id === '') {
      return id === undefined || id === null || id === ''
        ? { reason: `without ${name}` }
        : { reason: `with ${withA(name)} that is not a string` };
    }
    if (shape.pathId && !isSafePathValue(id)) {
      return {
        reason: `with ${withA(
          name,
        )} unsafe in a URL path (contains ".." or a control character)`,
      };
    }
  }
  if (at) at.parent[at.key] = id;
  normaliseFields(item, shape);
  return { item: item as T };
}

/** One listing item: the normalised item, or undefined (recorded as skipped). */
export function checkItem<T>(
  raw: unknown,
  shape: ItemShape,
  endpoint: string,
  ledger: ShapeLedger,
): T | undefined {
  const verdict = judge<T>(raw, shape);
  if ('item' in verdict) return verdict.item;
  ledger.record(endpoint, verdict.reason);
  return undefined;
}

/** Every valid item of a listing; invalid ones are recorded and skipped. */
export async function* checkItems<T>(
  items: AsyncIterable<unknown>,
  shape: ItemShape,
  endpoint: string,
  ledger: ShapeLedger,
): AsyncGenerator<T> {
  for await (const raw of items) {
    const item = checkItem<T>(raw, shape, endpoint, ledger);
    if (item !== undefined) yield item;
  }
}

/** A whole response that must be one object with its id. */
export function checkObject<T>(
  raw: unknown,
  shape: ItemShape,
  vendor: string,
  endpoint: string,
): T {
  const verdict = judge<T>(raw, shape);
  if ('item' in verdict) return verdict.item;
  const what =
    raw === null || raw === undefined || raw === ''
      ? 'an empty body (null or 204) instead of an object'
      : !isObject(raw)
      ? `${
          Array.isArray(raw) ? 'an array' : `a ${typeof raw}`
        } instead of an object`
      : `an object ${verdict.reason}`;
  throw new ResponseShapeError(vendor, endpoint, what);
}

/** A whole response that must be an array (not a paginated envelope). */
export function checkArray(
  raw: unknown,
  vendor: string,
  endpoint: string,
): unknown[] {
  if (Array.isArray(raw)) return raw;
  throw new ResponseShapeError(
    vendor,
    endpoint,
    raw === null || raw === undefined || raw === ''
      ? 'an empty body (null or 204) instead of a list'
      : `${
          typeof raw === 'object' ? 'an object' : `a ${typeof raw}`
        } instead of a list`,
  );
}

/**
 * The valid items of an answer that is one unpaginated array (anything
 * else is a ResponseShapeError); invalid items are recorded and skipped,
 * as in checkItems.
 */
export function checkArrayItems<T>(
  raw: unknown,
  shape: ItemShape,
  vendor: string,
  endpoint: string,
  ledger: ShapeLedger,
): T[] {
  return checkArray(raw, vendor, endpoint).flatMap((item) => {
    const valid = checkItem<T>(item, shape, endpoint, ledger);
    return valid === undefined ? [] : [valid];
  });
}
