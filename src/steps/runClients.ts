import { createHash } from 'crypto';
import {
  IntegrationExecutionContext,
  IntegrationLogger,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../config';

/**
 * A digest of a parsed vendor config. Keys and logs carry this, never the
 * config itself (which holds the credentials).
 */
export function configHash(config: unknown): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

type Context = IntegrationExecutionContext<IntegrationConfig>;

/**
 * One client per run and vendor config, so one transport's counters and
 * concurrency bound cover the whole run and what a client memoises (tokens,
 * `/me`, member listings) is requested once.
 *
 * Clients are kept per execution (`executionOf`, an object the runtime
 * hands to every step of one run) and per sha256 hash of the parsed config.
 * Validation, which receives only the parsed config, hands its client over
 * with `handOver`; the first step of the same run adopts it, so requests
 * made during validation are not repeated.
 */
export class RunClientCache<Config, Client> {
  private readonly byExecution = new WeakMap<object, Map<string, Client>>();
  private readonly validated = new Map<string, Client>();

  constructor(
    private readonly options: {
      create: (config: Config, logger: IntegrationLogger) => Client;
      executionOf: (context: Context) => object;
    },
  ) {}

  /** Keeps the client validation used for the steps of the same run. */
  handOver(config: Config, client: Client): void {
    this.validated.set(configHash(config), client);
  }

  /** The run's client for `config`, created (or adopted) on first use. */
  get(context: Context, config: Config): Client {
    const execution = this.options.executionOf(context);
    const key = configHash(config);
    let clients = this.byExecution.get(execution);
    if (!clients) {
      clients = new Map();
      this.byExecution.set(execution, clients);
    }
    let client = clients.get(key);
    if (!client) {
      client =
        this.validated.get(key) ?? this.options.create(config, context.logger);
      this.validated.delete(key);
      clients.set(key, client);
    }
    return client;
  }
}
