import { TransportLogger } from './types';

export const REDACTED = '[REDACTED]';

/**
 * Query parameters whose values are credentials by name alone (e.g.
 * `circle-token`, `access_token`, `client_secret`, `api_key`), redacted even
 * when the Authenticator did not list the value as a secret.
 */
const SECRET_PARAM_NAME = /token|secret|key|password|passwd|signature|auth/i;

/**
 * Replaces every occurrence of each secret (and of its URL-encoded form, as it
 * appears in a query string) with `[REDACTED]`. Longer secrets go first so a
 * secret that contains another one is removed whole.
 */
export function redactSecrets(text: string, secrets: string[]): string {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
  }
  let result = text;
  for (const variant of [...variants].sort((a, b) => b.length - a.length)) {
    result = result.split(variant).join(REDACTED);
  }
  return result;
}

/** The URL with the values of credential-like query parameters redacted. */
export function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  for (const name of [...new Set(copy.searchParams.keys())]) {
    if (SECRET_PARAM_NAME.test(name)) copy.searchParams.set(name, REDACTED);
  }
  // searchParams would percent-encode the marker; keep it readable.
  return copy.href.split(encodeURIComponent(REDACTED)).join(REDACTED);
}

/**
 * `origin + pathname`: how errors name a URL. The query string is dropped
 * because it may carry tokens, page tokens or filters nobody needs in an
 * error message.
 */
export function urlWithoutQuery(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** Cuts long vendor error bodies so one message stays one readable line. */
export function truncate(text: string, maxLength = 300): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > maxLength
    ? `${oneLine.slice(0, maxLength)}... (truncated)`
    : oneLine;
}

function redactValue(value: unknown, secrets: string[]): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets));
  if (value instanceof Error) return redactSecrets(value.message, secrets);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = redactValue(v, secrets);
    }
    return out;
  }
  return value;
}

/**
 * Wraps a logger so every message and every (nested) string field is passed
 * through redactSecrets with the current secrets; the secrets are read per
 * call because an Authenticator may rotate or refresh them.
 */
export function createRedactingLogger(
  logger: TransportLogger | undefined,
  secrets: () => string[],
): TransportLogger {
  const write =
    (level: keyof TransportLogger) =>
    (fields: object, msg: string): void => {
      if (!logger) return;
      const current = secrets();
      logger[level](
        redactValue(fields, current) as object,
        redactSecrets(msg, current),
      );
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn') };
}
