import { forEachConcurrently, WorkPool } from './pool';

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('WorkPool keeps at most `limit` tasks in flight and waits for all', async () => {
  const pool = new WorkPool(3);
  let running = 0;
  let peak = 0;
  const done: number[] = [];
  for (let i = 0; i < 10; i += 1) {
    await pool.add(async () => {
      running += 1;
      peak = Math.max(peak, running);
      await tick();
      running -= 1;
      done.push(i);
    });
  }
  await pool.drain();
  expect(peak).toBe(3);
  expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('forEachConcurrently rethrows the first failure after tasks in flight settle', async () => {
  const settled: number[] = [];
  await expect(
    forEachConcurrently([1, 2, 3, 4, 5, 6], 2, async (n) => {
      await tick();
      if (n === 2) throw new Error('boom 2');
      settled.push(n);
    }),
  ).rejects.toThrow('boom 2');
  // No new task starts after the failure is seen.
  expect(settled).not.toContain(6);
});
