import { BitbucketConfig } from '../../config';
import {
  createTransport,
  HttpTransport,
  TransportLogger,
  TransportOptions,
} from '../../http';
import { BitbucketAuthenticator } from '../auth/authenticator';
import { BitbucketClient } from './client';
import { BitbucketTokenResponse } from './types';

export interface BitbucketClientBundle {
  client: BitbucketClient;
  authenticator: BitbucketAuthenticator;
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
  const transport = createTransport({
    vendor: 'Bitbucket',
    baseUrl: config.baseUrl,
    concurrency: config.concurrency,
    logger: options.logger,
    auth: authenticator,
    ...options.transport,
  });
  transportRef.current = transport;
  return {
    client: new BitbucketClient(transport, config.baseUrl),
    authenticator,
  };
}
