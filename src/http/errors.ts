import {
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
} from '@jupiterone/integration-sdk-core';

/**
 * `status` of an IntegrationProviderAPIError raised because the provider
 * could not be reached (reset, refused, timed out...), so validateInvocation
 * can tell "network failure" from "bad credential".
 */
export const NETWORK_ERROR_STATUS = 'NETWORK_ERROR';

export interface ProviderErrorFields {
  /** "GET https://host/path": method and URL without the query string. */
  endpoint: string;
  status: number | string;
  statusText: string;
  /** The whole message, already redacted. */
  message: string;
}

/**
 * The SDK's authentication/authorization errors build their own message
 * ("Provider authentication failed at ..."), which would drop the vendor name
 * and the vendor's explanation; the message is replaced after construction,
 * everything else (code, fatal flag, class) stays the SDK's.
 */
function withMessage<E extends Error>(error: E, message: string): E {
  error.message = message;
  return error;
}

/** An SDK error whose message is ours (the SDK's constructors compose one). */
function providerErrorWithMessage<E extends Error>(
  ErrorClass: new (options: Omit<ProviderErrorFields, 'message'>) => E,
  fields: ProviderErrorFields,
): E {
  const { message, ...options } = fields;
  return withMessage(new ErrorClass(options), message);
}

export function authenticationError(
  fields: ProviderErrorFields,
): IntegrationProviderAuthenticationError {
  return providerErrorWithMessage(
    IntegrationProviderAuthenticationError,
    fields,
  );
}

export function authorizationError(
  fields: ProviderErrorFields,
): IntegrationProviderAuthorizationError {
  return providerErrorWithMessage(
    IntegrationProviderAuthorizationError,
    fields,
  );
}

export function apiError(
  fields: ProviderErrorFields,
): IntegrationProviderAPIError {
  return new IntegrationProviderAPIError(fields);
}

/**
 * True when `err` is a provider error answered with one of `statuses`, e.g.
 * `isHttpStatus(err, 403, 404)` in a step that skips one inaccessible
 * resource and publishes a warn event instead of failing.
 */
export function isHttpStatus(
  err: unknown,
  ...statuses: number[]
): err is IntegrationProviderAPIError {
  return (
    err instanceof IntegrationProviderAPIError &&
    statuses.includes(Number(err.status))
  );
}

/** True when the provider could not be reached at all (after retries). */
export function isNetworkFailure(err: unknown): boolean {
  return (
    err instanceof IntegrationProviderAPIError &&
    err.status === NETWORK_ERROR_STATUS
  );
}

function stringAt(value: unknown, key: string): string | undefined {
  if (value && typeof value === 'object' && key in value) {
    const found: unknown = (value as Record<string, unknown>)[key];
    return typeof found === 'string' ? found : undefined;
  }
  return undefined;
}

/**
 * The vendor's explanation inside an error body: CircleCI answers
 * `{"message": "..."}`, Bitbucket `{"type": "error", "error": {"message":
 * "..."}}`, the Bitbucket OAuth endpoint `{"error": "...",
 * "error_description": "..."}`. A non-JSON body is used as plain text; JSON
 * without any of these fields says nothing a reader could use.
 */
export function errorBodyDetail(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
  const nested =
    parsed && typeof parsed === 'object'
      ? (parsed as Record<string, unknown>).error
      : undefined;
  return (
    stringAt(parsed, 'message') ??
    stringAt(nested, 'message') ??
    stringAt(parsed, 'error_description') ??
    (typeof nested === 'string' ? nested : undefined)
  );
}
