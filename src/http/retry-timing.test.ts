import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  serverRequestedWaitMs,
} from './retry-timing';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('serverRequestedWaitMs', () => {
  test.each<[Record<string, string>, number | undefined]>([
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after': '0' }, 0],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:09 GMT' }, 9000],
    [{ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, undefined],
    [{ 'ratelimit-reset': '4' }, 4000],
    [{ 'x-ratelimit-reset': String(NOW / 1000 + 6) }, 6000],
    [{ 'retry-after': '1', 'ratelimit-reset': '50' }, 1000],
    [{ 'x-ratelimit-limit': '1000', 'ratelimit-limit': '60' }, undefined],
    [{ 'ratelimit-reset': '-1' }, undefined],
    [{}, undefined],
  ])('%j -> %p', (headers, expected) => {
    expect(serverRequestedWaitMs(headers, NOW)).toBe(expected);
  });
});

test('backoffDelayMs doubles per retry, scaled by random, capped', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 500 };
  expect(
    [0, 1, 2, 3, 4].map((i) => backoffDelayMs(i, policy, () => 1)),
  ).toEqual([100, 200, 400, 500, 500]);
  expect(backoffDelayMs(3, policy, () => 0.25)).toBe(125);
  expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
});
