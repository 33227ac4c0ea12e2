/**
 * How many runs of one kind may go at once. Agents take a permit before a run and give it
 * back after; with no permit free, `tryAcquire` says no at once (the caller sheds or
 * defers the run) and `acquire` waits in line, up to `maxWaiting` callers.
 *
 * Lowering the limit never interrupts running work: it takes effect as permits come back.
 */
export class ConcurrencyLimiter {
  private running = 0;
  private peak = 0;
  private readonly waiting: ((granted: boolean) => void)[] = [];

  constructor(
    private limit: number,
    private readonly maxWaiting = 100,
  ) {}

  get current(): number {
    return this.running;
  }

  /** Most runs at once since the last `resetPeak()`. */
  get peakRunning(): number {
    return this.peak;
  }

  get queued(): number {
    return this.waiting.length;
  }

  get maxConcurrent(): number {
    return this.limit;
  }

  /** A permit now, or false. */
  tryAcquire(): boolean {
    if (this.running >= this.limit) return false;
    this.take();
    return true;
  }

  /** Resolves true once a permit is free, false at once when `maxWaiting` callers already wait. */
  acquire(): Promise<boolean> {
    if (this.tryAcquire()) return Promise.resolve(true);
    if (this.waiting.length >= this.maxWaiting) return Promise.resolve(false);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    if (this.running > 0) this.running--;
    this.drain();
  }

  setLimit(limit: number): void {
    this.limit = Math.max(0, Math.floor(limit));
    this.drain();
  }

  resetPeak(): void {
    this.peak = this.running;
  }

  private take(): void {
    this.running++;
    if (this.running > this.peak) this.peak = this.running;
  }

  private drain(): void {
    while (this.running < this.limit && this.waiting.length > 0) {
      this.take();
      this.waiting.shift()!(true);
    }
  }
}
