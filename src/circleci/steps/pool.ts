/**
 * Runs async tasks with at most `limit` in flight. `add` waits while the pool
 * is full, so a producer (e.g. jobState.iterateEntities) is slowed to the
 * pace of the work instead of queueing everything in memory. The first
 * failure stops new work and is rethrown by `drain`.
 */
export class WorkPool {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number) {}

  async add(task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.limit) {
      await Promise.race(this.running);
    }
    if (this.failure) throw this.failure.error;
    const promise: Promise<void> = task()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.race(this.running);
    }
    if (this.failure) throw this.failure.error;
  }
}

/** `fn` over every item with at most `limit` in flight. */
export async function forEachConcurrently<T>(
  items: Iterable<T> | AsyncIterable<T>,
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const pool = new WorkPool(limit);
  try {
    for await (const item of items) await pool.add(() => fn(item));
  } finally {
    // Always wait for tasks in flight so none outlives the step.
    await pool.drain().catch(() => undefined);
  }
  await pool.drain();
}
