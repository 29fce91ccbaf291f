/**
 * Partial responses (narrative "partial-response"): `fields` is a comma list
 * of `-path` (remove), `+path` (pull in a non-default field while keeping the
 * defaults) and bare `path` (keep only the listed fields). `*` matches every
 * field of one level; arrays are traversed. Tokens apply left to right, so
 * `-*,+foo` removes the root fields and adds `foo` back.
 *
 * The `+` must arrive URL-encoded (`%2B`): a literal `+` decodes to a space,
 * which, as the narrative warns, "will not match any fields".
 */

type Json = unknown;

export interface FieldsSpec {
  tokens: Array<{ mode: '+' | '-' | '='; path: string[] }>;
}

export function parseFields(raw: string | null): FieldsSpec | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const tokens = raw
    .split(',')
    .filter((token) => token.length > 0)
    .map((token) => {
      const first = token[0];
      if (first === '+' || first === '-') {
        return { mode: first, path: token.slice(1).split('.') } as const;
      }
      return { mode: '=' as const, path: token.split('.') };
    });
  return { tokens };
}

/** True when the spec adds or selects `path` (e.g. `values.reviewers`). */
export function fieldsRequest(
  spec: FieldsSpec | undefined,
  path: string,
): boolean {
  if (!spec) return false;
  const wanted = path.split('.');
  return spec.tokens.some(
    (token) =>
      token.mode !== '-' &&
      token.path.length >= 1 &&
      wanted.every(
        (segment, index) =>
          index >= token.path.length ||
          token.path[index] === segment ||
          token.path[index] === '*',
      ),
  );
}

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function remove(target: Json, path: string[]): void {
  if (Array.isArray(target)) {
    target.forEach((item) => remove(item, path));
    return;
  }
  if (!isRecord(target)) return;
  const [head, ...rest] = path;
  const keys = head === '*' ? Object.keys(target) : [head];
  for (const key of keys) {
    if (rest.length === 0) delete target[key];
    else remove(target[key], rest);
  }
}

/** Copies `path` from `source` into `target` (creating parents). */
function copy(source: Json, target: Json, path: string[]): Json {
  if (Array.isArray(source)) {
    const targetArray = Array.isArray(target) ? target : [];
    return source.map((item, index) => copy(item, targetArray[index], path));
  }
  if (!isRecord(source)) return source;
  const result: Record<string, Json> = isRecord(target) ? target : {};
  const [head, ...rest] = path;
  const keys = head === '*' ? Object.keys(source) : [head];
  for (const key of keys) {
    if (!(key in source)) continue;
    result[key] =
      rest.length === 0
        ? structuredCloneJson(source[key])
        : copy(source[key], result[key], rest);
  }
  return result;
}

function structuredCloneJson(value: Json): Json {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

export function applyFields(body: Json, spec: FieldsSpec | undefined): Json {
  if (!spec) return body;
  let current: Json = structuredCloneJson(body);
  let selecting = false;
  for (const token of spec.tokens) {
    if (token.mode === '-') {
      remove(current, token.path);
    } else if (token.mode === '+') {
      current = copy(body, current, token.path);
    } else {
      if (!selecting) {
        // The first bare field switches to "only what is listed".
        selecting = true;
        current = Array.isArray(body) ? [] : {};
      }
      current = copy(body, current, token.path);
    }
  }
  return current;
}
