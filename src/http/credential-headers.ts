import { createRedactingLogger, redactSecrets } from './redact';
import { Authenticator, RequestOptions, TransportLogger } from './types';

export const DEFAULT_USER_AGENT = 'graph-circleci-bitbucket';

/** Request header names whose values are credentials. */
const CREDENTIAL_HEADER = /authorization|token|secret|api-?key|password/i;

/** Lower-cased names, so "Accept" from one source replaces "accept". */
function mergeHeaders(
  ...sources: Array<Record<string, string> | undefined>
): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) {
      merged[name.toLowerCase()] = value;
    }
  }
  return merged;
}

/**
 * The headers each attempt sends, and every secret they carried so far.
 * Credential header values (and their part after "Bearer " / "Basic ") are
 * redacted like auth.secrets(): a Basic header's base64 form is not in
 * secrets() but is just as sensitive if a server echoes it.
 */
export class CredentialHeaders {
  private readonly seen = new Set<string>();
  /** A logger that redacts every secret known now or later. */
  readonly logger: TransportLogger;

  constructor(
    private readonly auth: Authenticator | undefined,
    private readonly defaultHeaders: Record<string, string> | undefined,
    logger: TransportLogger | undefined,
  ) {
    this.logger = createRedactingLogger(logger, () => this.secrets());
  }

  secrets(): string[] {
    return [...(this.auth?.secrets() ?? []), ...this.seen];
  }

  redact(text: string): string {
    return redactSecrets(text, this.secrets());
  }

  /**
   * Credentials are read as the request goes out, so a token that was
   * refreshed or rotated while it queued is the one it sends.
   */
  async for(request: RequestOptions): Promise<Record<string, string>> {
    const credentials =
      this.auth && !request.noAuth
        ? await this.auth.headers(request)
        : undefined;
    Object.values(credentials ?? {}).forEach((value) => this.remember(value));
    // A request may carry its own credentials, e.g. the OAuth token request
    // sends the consumer's Basic key:secret with noAuth.
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (CREDENTIAL_HEADER.test(name)) this.remember(value);
    }
    return mergeHeaders(
      { accept: 'application/json', 'user-agent': DEFAULT_USER_AGENT },
      this.defaultHeaders,
      request.headers,
      credentials,
    );
  }

  private remember(value: string) {
    this.seen.add(value);
    const token = value.replace(/^(Bearer|Basic|token)\s+/i, '');
    if (token !== value) this.seen.add(token);
  }
}
