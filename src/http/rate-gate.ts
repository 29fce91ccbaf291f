import { Clock } from './types';

/**
 * A transport-wide pause: when one request is told to wait (429 with a
 * Retry-After or reset header), every request of the transport holds its next
 * attempt until then, instead of each of the parallel requests discovering
 * the limit with its own 429.
 */
export class RateGate {
  private pausedUntil = 0;

  constructor(private readonly clock: Clock) {}

  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /** How long new attempts must still wait (0 when the gate is open). */
  remainingMs(): number {
    return Math.max(0, this.pausedUntil - this.clock.now());
  }
}
