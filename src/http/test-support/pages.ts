import { captureLogger } from './capture-logger';
import { InstantClock } from './fake-clock';
import { ScriptedServer, startScriptedServer } from './scripted-server';
import { createTransport } from '../transport';

/**
 * Shared setup of the pagination tests (the generic paginator's in
 * src/http, each vendor's page format beside its client): a scripted
 * server, a real transport on it, and collectors of pages.
 */
let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A real transport (instant clock) on a scripted server. */
export async function pagedServer(
  script: Parameters<typeof startScriptedServer>[0],
  vendor: 'CircleCI' | 'Bitbucket',
  options: { maxPages?: number } = {},
) {
  server = await startScriptedServer(script);
  const logger = captureLogger();
  const basePath = vendor === 'CircleCI' ? '/api/v2' : '/2.0';
  const transport = createTransport({
    vendor,
    baseUrl: `${server.origin}${basePath}`,
    clock: new InstantClock(),
    random: () => 0.5,
    logger,
    ...options,
  });
  return { server, logger, transport };
}

export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** Collects until the listing throws; returns the pages read and the error. */
export async function collectUntilError<T>(pages: AsyncIterable<T[]>) {
  const read: T[][] = [];
  try {
    for await (const page of pages) read.push(page);
  } catch (err) {
    return { read, err };
  }
  throw new Error('expected the listing to fail');
}
