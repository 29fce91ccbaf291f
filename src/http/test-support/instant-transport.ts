import { createTransport } from '../transport';
import { HttpTransport, TransportOptions } from '../types';
import { InstantClock } from './fake-clock';

/**
 * A transport whose waits pass at once and whose jitter is fixed (0.5), so a
 * test sees exact waits; one retry unless the test says otherwise.
 */
export function instantTransport(
  options: Pick<TransportOptions, 'vendor' | 'baseUrl'> &
    Partial<TransportOptions>,
): HttpTransport {
  return createTransport({
    clock: new InstantClock(),
    random: () => 0.5,
    retry: { maxRetries: 1 },
    ...options,
  });
}

/** Fails when any 8 characters in a row of the secret appear in the text. */
export function expectNoFragmentOf(secret: string, text: string): void {
  for (let i = 0; i + 8 <= secret.length; i += 1) {
    expect(text).not.toContain(secret.slice(i, i + 8));
  }
}
