/**
 * Simulated time. The fleet advances it by a fixed step on every timer tick, whatever the
 * real delay of the tick was, so what happens in simulated time depends only on the seed
 * and the number of ticks, never on how busy the machine was. `sleep` resolves on the first
 * tick at or after its due time, in due-time order (then call order).
 */
interface Sleeper {
  readonly due: number;
  readonly seq: number;
  readonly resolve: () => void;
}

export class SimClock {
  private nowSeconds = 0;
  private seq = 0;
  private readonly sleepers: Sleeper[] = [];

  /** Simulated seconds since the fleet started. */
  get now(): number {
    return this.nowSeconds;
  }

  /** Resolves once `seconds` of simulated time have passed (at the earliest on the next tick). */
  sleep(seconds: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const sleeper = { due: this.nowSeconds + Math.max(0, seconds), seq: this.seq++, resolve };
      // Sorted insert (by due, then seq): the queue holds at most a few hundred sleepers.
      let lo = 0;
      let hi = this.sleepers.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const other = this.sleepers[mid] as Sleeper;
        if (other.due < sleeper.due || (other.due === sleeper.due && other.seq < sleeper.seq)) lo = mid + 1;
        else hi = mid;
      }
      this.sleepers.splice(lo, 0, sleeper);
    });
  }

  /** Moves to `seconds` and wakes every sleeper due by then, earliest first. */
  advanceTo(seconds: number): void {
    this.nowSeconds = seconds;
    let count = 0;
    while (count < this.sleepers.length && (this.sleepers[count] as Sleeper).due <= seconds) count++;
    for (const sleeper of this.sleepers.splice(0, count)) sleeper.resolve();
  }

  /** Forgets every sleeper: their runs never resume (used on stop). */
  clear(): void {
    this.sleepers.length = 0;
  }

  get pending(): number {
    return this.sleepers.length;
  }
}
