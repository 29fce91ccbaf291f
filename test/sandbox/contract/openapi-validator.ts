/**
 * Validates sandbox responses against the vendors' own OpenAPI documents in
 * ./specs (copied byte for byte; origin and sha256 in specs/SOURCES.md). The sandbox is only
 * useful if it answers like the vendors do, so the contract tests push every
 * simulated response through the schema the vendor publishes.
 *
 * OpenAPI 3.0 schemas are not JSON Schema: `nullable` (and CircleCI's
 * Redoc-style `x-nullable`) must become a `null` type, and formats such as
 * `int64` are OpenAPI-only. Each component schema is converted once with
 * @openapi-contrib/openapi-schema-to-json-schema and registered with ajv under
 * a per-spec id; `$ref`s are rewritten to point at it. Compiled validators are
 * cached per (spec, method, path, status) because the specs are large (the
 * Bitbucket one is 1.5 MB).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fromSchema } from '@openapi-contrib/openapi-schema-to-json-schema';

export type SpecName = 'circleci' | 'bitbucket';

export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

type JsonObject = { [key: string]: unknown };

/** The vendors' OpenAPI documents, kept in the repository (see specs/SOURCES.md). */
export const VENDOR_SPECS_DIR = path.join(__dirname, 'specs');

const SPEC_FILES: Record<SpecName, string> = {
  circleci: 'circleci-v2.openapi.json',
  bitbucket: 'bitbucket-cloud-2.0.openapi.json',
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];

interface LoadedSpec {
  name: SpecName;
  document: JsonObject;
  /** Ajv id under which the converted component schemas are registered. */
  schemaId: string;
}

const specs = new Map<SpecName, LoadedSpec>();
const validators = new Map<string, ValidateFunction | null>();

const ajv = new Ajv({
  strict: false,
  allErrors: true,
  // The converted documents are trusted input; validating them against the
  // meta-schema would only cost time.
  validateSchema: false,
});
addFormats(ajv);
// OpenAPI-only numeric formats (both specs use them): the type already says
// integer/number, the width is not something a response can get wrong here.
for (const format of ['int32', 'int64', 'float', 'double', 'integer']) {
  ajv.addFormat(format, true);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy that turns CircleCI's `x-nullable: true` into OpenAPI's `nullable: true`. */
function normaliseNullable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseNullable);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = normaliseNullable(child);
  }
  if (out['x-nullable'] === true && out.nullable === undefined) {
    out.nullable = true;
  }
  return out;
}

/** Rewrites local `#/components/schemas/X` refs to the registered per-spec document. */
function rewriteRefs(value: unknown, schemaId: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, schemaId));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string' && child.startsWith('#/')) {
      out[key] = `${schemaId}${child}`;
    } else {
      out[key] = rewriteRefs(child, schemaId);
    }
  }
  return out;
}

function convertSchema(schema: unknown, schemaId: string): JsonObject {
  if (!isObject(schema)) return {};
  const converted = fromSchema(normaliseNullable(schema) as JsonObject, {
    cloneSchema: true,
  }) as JsonObject;
  // The converter stamps draft-04, which ajv 8 does not load by default; the
  // keywords it emits are valid draft-07 as well.
  delete converted.$schema;
  return rewriteRefs(converted, schemaId) as JsonObject;
}

function loadSpec(name: SpecName): LoadedSpec {
  const cached = specs.get(name);
  if (cached) return cached;
  const file = path.join(VENDOR_SPECS_DIR, SPEC_FILES[name]);
  const document = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
  const schemaId = `https://sandbox.invalid/specs/${name}.json`;
  const components = isObject(document.components) ? document.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  const convertedSchemas: JsonObject = {};
  for (const [key, schema] of Object.entries(schemas)) {
    convertedSchemas[key] = convertSchema(schema, schemaId);
  }
  ajv.addSchema(
    { $id: schemaId, components: { schemas: convertedSchemas } },
    schemaId,
  );
  const loaded: LoadedSpec = { name, document, schemaId };
  specs.set(name, loaded);
  return loaded;
}

/** Follows a local `$ref` (`#/components/...`) inside the raw document. */
function resolveLocal(document: JsonObject, value: unknown): unknown {
  let current = value;
  for (let depth = 0; depth < 10; depth += 1) {
    if (!isObject(current) || typeof current.$ref !== 'string') return current;
    const pointer = current.$ref.replace(/^#\//, '').split('/');
    let target: unknown = document;
    for (const segment of pointer) {
      const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
      target = isObject(target) ? target[key] : undefined;
    }
    current = target;
  }
  return current;
}

function getOperation(
  spec: LoadedSpec,
  method: string,
  pathTemplate: string,
): { pathItem: JsonObject; operation: JsonObject } | undefined {
  const paths = isObject(spec.document.paths) ? spec.document.paths : {};
  const pathItem = paths[pathTemplate];
  if (!isObject(pathItem)) return undefined;
  const operation = pathItem[method.toLowerCase()];
  if (!isObject(operation)) return undefined;
  return { pathItem, operation };
}

/** True when the spec declares `method pathTemplate` (exact template text). */
export function specHasOperation(
  spec: SpecName,
  method: string,
  pathTemplate: string,
): boolean {
  return getOperation(loadSpec(spec), method, pathTemplate) !== undefined;
}

/** Every path template the spec declares for a method (for diagnostics). */
export function specPathTemplates(spec: SpecName, method: string): string[] {
  const document = loadSpec(spec).document;
  const paths = isObject(document.paths) ? document.paths : {};
  const lower = method.toLowerCase();
  if (!HTTP_METHODS.includes(lower)) return [];
  return Object.entries(paths)
    .filter(([, item]) => isObject(item) && isObject(item[lower]))
    .map(([template]) => template);
}

/**
 * Names of all parameters (path-level and operation-level, `$ref`s resolved)
 * the spec declares for an operation; empty when the operation is unknown.
 */
export function specParameters(
  spec: SpecName,
  method: string,
  pathTemplate: string,
): string[] {
  const loaded = loadSpec(spec);
  const found = getOperation(loaded, method, pathTemplate);
  if (!found) return [];
  const declared = [
    ...(Array.isArray(found.pathItem.parameters)
      ? found.pathItem.parameters
      : []),
    ...(Array.isArray(found.operation.parameters)
      ? found.operation.parameters
      : []),
  ];
  const names = new Set<string>();
  for (const parameter of declared) {
    const resolved = resolveLocal(loaded.document, parameter);
    if (isObject(resolved) && typeof resolved.name === 'string') {
      names.add(resolved.name);
    }
  }
  return [...names];
}

function responseSchema(
  spec: LoadedSpec,
  method: string,
  pathTemplate: string,
  status: number,
): { found: boolean; schema?: unknown; reason?: string } {
  const op = getOperation(spec, method, pathTemplate);
  if (!op) {
    return {
      found: false,
      reason: `${
        spec.name
      } spec has no operation ${method.toUpperCase()} ${pathTemplate}`,
    };
  }
  const responses = isObject(op.operation.responses)
    ? op.operation.responses
    : {};
  const declared =
    responses[String(status)] ??
    responses[`${String(status).charAt(0)}XX`] ??
    responses.default;
  const response = resolveLocal(spec.document, declared);
  if (!isObject(response)) {
    return {
      found: false,
      reason: `${
        spec.name
      } spec declares no ${status} response for ${method.toUpperCase()} ${pathTemplate}`,
    };
  }
  const content = isObject(response.content) ? response.content : {};
  const mediaType =
    content['application/json'] ??
    Object.entries(content).find(([type]) => type.includes('json'))?.[1];
  if (!isObject(mediaType) || mediaType.schema === undefined) {
    return { found: true };
  }
  return { found: true, schema: mediaType.schema };
}

function formatError(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  const params =
    error.keyword === 'additionalProperties'
      ? ` (${String(
          (error.params as { additionalProperty?: string }).additionalProperty,
        )})`
      : error.keyword === 'enum'
      ? ` (${JSON.stringify(
          (error.params as { allowedValues?: unknown }).allowedValues,
        )})`
      : '';
  return `${where} ${error.message ?? error.keyword}${params}`;
}

/**
 * Validates a response body against the schema the spec declares for that
 * operation and status (falling back to `4XX`-style and `default` responses,
 * as OpenAPI prescribes). A response declared without a JSON body passes.
 */
export function validateResponse(
  spec: SpecName,
  method: string,
  pathTemplate: string,
  status: number,
  body: unknown,
): ValidationResult {
  const loaded = loadSpec(spec);
  const key = `${spec} ${method.toUpperCase()} ${pathTemplate} ${status}`;
  let validate = validators.get(key);
  if (validate === undefined) {
    const found = responseSchema(loaded, method, pathTemplate, status);
    if (!found.found) {
      return { valid: false, errors: [found.reason ?? 'unknown operation'] };
    }
    validate =
      found.schema === undefined
        ? null
        : ajv.compile(convertSchema(found.schema, loaded.schemaId));
    validators.set(key, validate);
  }
  if (validate === null) return { valid: true, errors: [] };
  const valid = validate(body);
  return {
    valid,
    errors: valid ? [] : (validate.errors ?? []).map(formatError),
  };
}
