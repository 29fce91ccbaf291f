import { BitbucketConfig } from '../../config';
import {
  createTransport,
  HttpTransport,
  TransportLogger,
  TransportOptions,
} from '../../http';
import {
  BITBUCKET_BUDGET_WINDOW_MS,
  BITBUCKET_HOURLY_BUDGET,
  RoutingAuthenticator,
} from '../auth/accessTokens';
import { BitbucketAuthenticator } from '../auth/authenticator';
import { BitbucketClient } from './client';
import { BitbucketTokenResponse } from './responses/token';

export interface BitbucketClientBundle {
  client: BitbucketClient;
  /** The OAuth consumers / API token (tokens, scopes, rotation). */
  authenticator: BitbucketAuthenticator;
  /** What the transport asks: routes repository data to access tokens. */
  router: RoutingAuthenticator;
}

export interface CreateClientOptions {
  logger?: TransportLogger;
  /** Tests shorten retries or inject a clock. */
  transport?: Pick<TransportOptions, 'retry' | 'clock' | 'timeoutMs'>;
  now?: () => number;
  defaultCooldownMs?: number;
}

/**
 * One transport, one authenticator (one token per consumer) per run. The
 * token request goes through the same transport (counted, retried, secrets
 * redacted) with `noAuth`, carrying the consumer's Basic key:secret itself.
 */
export function createBitbucketClient(
  config: BitbucketConfig,
  options: CreateClientOptions = {},
): BitbucketClientBundle {
  // The authenticator requests tokens through the transport it serves.
  const transportRef: { current?: HttpTransport } = {};
  const authenticator = new BitbucketAuthenticator(config.credentials, {
    now: options.now ?? (() => Date.now()),
    defaultCooldownMs: options.defaultCooldownMs,
    async requestToken(credential) {
      const basic = Buffer.from(
        `${credential.key}:${credential.secret}`,
      ).toString('base64');
      const transport = transportRef.current as HttpTransport;
      const { body } = await transport.requestJson<BitbucketTokenResponse>({
        method: 'POST',
        url: config.tokenUrl,
        endpoint: 'POST /site/oauth2/access_token',
        noAuth: true,
        headers: {
          Authorization: `Basic ${basic}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      return body;
    },
  });
  const router = new RoutingAuthenticator(authenticator, config.accessTokens);
  const transport = createTransport({
    vendor: 'Bitbucket',
    baseUrl: config.baseUrl,
    concurrency: config.concurrency,
    logger: options.logger,
    auth: router,
    // Requests keep within each credential's hourly budget instead of
    // meeting 429s; a run that needs more hours than maxRunHours stops.
    pacing: {
      defaultBudget: {
        limit: BITBUCKET_HOURLY_BUDGET,
        windowMs: BITBUCKET_BUDGET_WINDOW_MS,
      },
      maxRunMs: config.maxRunHours * 3600_000,
      maxRunName: `maxRunHours (MAX_RUN_HOURS) = ${config.maxRunHours} h`,
    },
    ...options.transport,
  });
  transportRef.current = transport;
  return {
    client: new BitbucketClient(transport, config.baseUrl),
    authenticator,
    router,
  };
}
