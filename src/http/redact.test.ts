import {
  createRedactingLogger,
  redactSecrets,
  redactUrl,
  truncate,
  urlWithoutQuery,
} from './redact';
import { captureLogger } from './test-support/capture-logger';

describe('redactSecrets', () => {
  test('removes every occurrence, encoded forms included, longest first', () => {
    expect(
      redactSecrets('a=abc/def b=abc%2Fdef c=abc/def-long', [
        'abc/def',
        'abc/def-long',
        '',
      ]),
    ).toBe('a=[REDACTED] b=[REDACTED] c=[REDACTED]');
  });

  test('leaves text without secrets alone', () => {
    expect(redactSecrets('nothing here', ['secret'])).toBe('nothing here');
  });
});

describe('redactUrl', () => {
  test('redacts credential-like query values only', () => {
    expect(
      redactUrl(
        new URL(
          'https://x.test/p?circle-token=t1&access_token=t2&client_secret=s&api_key=k&password=p&page=2&q=a%20b',
        ),
      ),
    ).toBe(
      'https://x.test/p?circle-token=[REDACTED]&access_token=[REDACTED]&client_secret=[REDACTED]&api_key=[REDACTED]&password=[REDACTED]&page=2&q=a+b',
    );
  });

  test('urlWithoutQuery keeps origin and path', () => {
    expect(urlWithoutQuery(new URL('https://x.test/a/b?token=1#h'))).toBe(
      'https://x.test/a/b',
    );
  });
});

test('truncate keeps one line and marks the cut', () => {
  expect(truncate('a\n  b', 10)).toBe('a b');
  expect(truncate('x'.repeat(12), 10)).toBe(`${'x'.repeat(10)}... (truncated)`);
});

test('createRedactingLogger redacts messages and nested fields', () => {
  const inner = captureLogger();
  const logger = createRedactingLogger(inner, () => ['hunter2']);
  logger.warn(
    {
      a: 'x hunter2',
      nested: { list: ['hunter2', 3] },
      err: new Error('hunter2!'),
    },
    'msg hunter2',
  );
  expect(inner.calls).toEqual([
    {
      level: 'warn',
      fields: {
        a: 'x [REDACTED]',
        nested: { list: ['[REDACTED]', 3] },
        err: '[REDACTED]!',
      },
      msg: 'msg [REDACTED]',
    },
  ]);
});
