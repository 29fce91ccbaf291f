import { HttpTransport, RequestOptions } from '../../http';
import { countingTransport, forEachLimited } from './shared';

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('forEachLimited', () => {
  test('never has more than `limit` calls in flight', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(n);
      running -= 1;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  test('an iterator failure waits for started calls, then is thrown', async () => {
    const gate = deferred();
    let finished = false;
    async function* items() {
      yield 1;
      throw new Error('page 2 answered 403');
    }
    const run = forEachLimited(items(), 5, async () => {
      await gate.promise;
      finished = true;
    });
    setTimeout(() => gate.resolve(), 10);
    await expect(run).rejects.toThrow('page 2 answered 403');
    expect(finished).toBe(true);
  });

  test('the first failing call stops new calls and is thrown', async () => {
    const started: number[] = [];
    await expect(
      forEachLimited([1, 2, 3, 4], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });
});

describe('countingTransport', () => {
  test('counts requests per endpoint and delegates everything', async () => {
    const sent: RequestOptions[] = [];
    const base: HttpTransport = {
      baseUrl: 'http://127.0.0.1:1/bitbucket/2.0',
      async requestJson<T>(options: RequestOptions) {
        sent.push(options);
        return { status: 200, headers: {}, body: { ok: true } as unknown as T };
      },
      stats: () => ({}),
      summary: () => 'base summary',
    };
    const { transport, counts } = countingTransport(base);
    await transport.requestJson({ url: '/a', endpoint: 'GET /a' });
    await transport.requestJson({ url: '/a?page=2', endpoint: 'GET /a' });
    await transport.requestJson({ url: '/b', endpoint: 'GET /b' });
    expect(counts).toEqual({ 'GET /a': 2, 'GET /b': 1 });
    expect(sent.map((o) => o.url)).toEqual(['/a', '/a?page=2', '/b']);
    expect(transport.baseUrl).toBe(base.baseUrl);
    expect(transport.summary()).toBe('base summary');
  });
});
