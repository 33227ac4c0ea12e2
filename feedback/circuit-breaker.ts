/**
 * A circuit breaker with the usual three states. The feedback loop trips it (`trip`), which
 * also arms it (spec 10.2: "enable circuit breaker"): it then refuses runs for `openMs`, lets
 * `halfOpenProbes` probe runs through at a time, and closes after `successesToClose` probe
 * successes in a row, or opens again on a probe failure. Once closed, an armed breaker keeps
 * watching by itself: `failuresToTrip` failures among the last `window` runs open it again,
 * without waiting for the loop's cooldown. `disarm` (the loop's recovery) stops that.
 * Time comes from `now`, so tests move it by hand.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** How long an open breaker refuses everything, ms. */
  readonly openMs: number;
  /** Probe runs allowed at once while half-open. @default 1 */
  readonly halfOpenProbes?: number;
  /** Probe successes in a row that close the breaker. @default 3 */
  readonly successesToClose?: number;
  /** Runs an armed, closed breaker remembers. @default 10 */
  readonly window?: number;
  /** Failures among them that open it again. @default 3 */
  readonly failuresToTrip?: number;
  readonly now: () => number;
}

export class CircuitBreaker {
  private openedAt = 0;
  private tripped = false;
  private armedFlag = false;
  private probing = 0;
  private successes = 0;
  private recent: boolean[] = [];
  private lastReason = '';
  private trips = 0;

  constructor(private readonly options: CircuitBreakerOptions) {}

  get state(): CircuitState {
    if (!this.tripped) return 'closed';
    return this.options.now() - this.openedAt >= this.options.openMs ? 'half-open' : 'open';
  }

  /** Watching runs by itself since the loop tripped it. */
  get armed(): boolean {
    return this.armedFlag;
  }

  get reason(): string {
    return this.lastReason;
  }

  /** Times it opened: by the loop, a failed probe, or its own watch. */
  get tripCount(): number {
    return this.trips;
  }

  trip(reason: string): void {
    this.tripped = true;
    this.armedFlag = true;
    this.openedAt = this.options.now();
    this.probing = 0;
    this.successes = 0;
    this.recent = [];
    this.lastReason = reason;
    this.trips++;
  }

  /** May a run start? Half-open: only while fewer than `halfOpenProbes` probes are out. Pair a true with `record`. */
  allow(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open') return false;
    if (this.probing >= (this.options.halfOpenProbes ?? 1)) return false;
    this.probing++;
    return true;
  }

  /** How an allowed run ended. */
  record(success: boolean): void {
    if (!this.tripped) {
      this.watch(success);
      return;
    }
    if (this.probing > 0) this.probing--;
    if (this.state !== 'half-open') return;
    if (!success) {
      this.trip(`probe failed (${this.lastReason.replace(/^probe failed \((.*)\)$/, '$1')})`);
      return;
    }
    if (++this.successes >= (this.options.successesToClose ?? 3)) {
      this.tripped = false;
      this.successes = 0;
      this.recent = [];
    }
  }

  /** Closes it and stops its own watch (the loop's recovery, or an operator's reset). */
  disarm(): void {
    this.tripped = false;
    this.armedFlag = false;
    this.probing = 0;
    this.successes = 0;
    this.recent = [];
  }

  private watch(success: boolean): void {
    if (!this.armedFlag) return;
    const window = this.options.window ?? 10;
    this.recent.push(success);
    if (this.recent.length > window) this.recent.shift();
    const failures = this.recent.filter((ok) => !ok).length;
    if (failures >= (this.options.failuresToTrip ?? 3)) this.trip(`${failures} of the last ${this.recent.length} runs failed`);
  }
}
