import { Clock } from '../types';

/** Fixed start so HTTP-date Retry-After values give exact waits. */
export const FAKE_NOW = Date.parse('2026-01-01T00:00:00Z');

/** Records every requested sleep and resolves it at once, advancing time. */
export class InstantClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private time = FAKE_NOW) {}
  now(): number {
    return this.time;
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
    return Promise.resolve();
  }
}

/**
 * Sleeps resolve only when the test calls advance(): for proving what happens
 * while a request is waiting.
 */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];
  private pending: Array<{ until: number; resolve: () => void }> = [];
  constructor(private time = FAKE_NOW) {}
  now(): number {
    return this.time;
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve) => {
      this.pending.push({ until: this.time + ms, resolve });
    });
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.pending.filter((p) => p.until <= this.time);
    this.pending = this.pending.filter((p) => p.until > this.time);
    due.forEach((p) => p.resolve());
  }
}

/** Polls (real time) until `condition` holds; fails after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  timeoutMs = 2000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Lets pending I/O and promise callbacks run for `ms` of real time. */
export function settle(ms = 30): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
