import pLimit from 'p-limit';

/**
 * Bounded fan-out for steps: at most `limit` tasks in flight (p-limit), and
 * `add` waits while that many are started, so a producer (a paged listing,
 * jobState.iterateEntities) is slowed to the pace of the work instead of
 * queueing everything in memory. The first failure stops new work; `drain`
 * waits for every task in flight and then rethrows it, so nothing runs on
 * unobserved after the step ends.
 */
export class FanOut {
  private readonly limit: pLimit.Limit;
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly max: number) {
    this.limit = pLimit(Math.max(1, max));
  }

  async add(task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.max) {
      await Promise.race(this.running);
    }
    if (this.failure) throw this.failure.error;
    const promise: Promise<void> = this.limit(task)
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  /** Records a failure of the producer itself (e.g. a later page's 403). */
  fail(error: unknown): void {
    this.failure ??= { error };
  }

  /** Waits for every task in flight, then rethrows the first failure. */
  async drain(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.race(this.running);
    }
    if (this.failure) throw this.failure.error;
  }
}

/**
 * Runs `fn` over `items` with at most `limit` in flight. The first failure
 * (of `fn` or of the iterator itself, e.g. a 403 on a later page) is thrown
 * only after every started call has settled.
 */
export async function forEachLimited<T>(
  items: AsyncIterable<T> | Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const pool = new FanOut(limit);
  await runInPool(pool, async () => {
    for await (const item of items) await pool.add(() => fn(item));
  });
}

/**
 * Runs a producer that adds tasks to `pool`, then waits for them all: a
 * failure of the producer or of any task is rethrown once none is in flight.
 */
export async function runInPool(
  pool: FanOut,
  produce: () => Promise<void>,
): Promise<void> {
  try {
    await produce();
  } catch (error) {
    pool.fail(error);
  }
  await pool.drain();
}

/**
 * Requests in flight the steps aim for: twice the transport's bound keeps
 * its queue non-empty while each task also does non-HTTP work, and the
 * transport itself enforces the real limit.
 */
export function fanOutFor(concurrency: number): number {
  return concurrency * 2;
}
