/**
 * The timing loop. Every number the bench prints is a median over rounds, and every
 * comparison is between cases measured in the same rounds, interleaved, so a slower
 * machine (or a busy neighbour) moves the ratios much less than the absolute numbers.
 */

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max - min) / median, in percent: how much the rounds disagreed. */
  readonly spreadPct: number;
  readonly samples: readonly number[];
}

export function stats(samples: readonly number[]): Stats {
  if (samples.length === 0) throw new Error('stats() needs at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  return { median, min, max, spreadPct: median === 0 ? 0 : ((max - min) / Math.abs(median)) * 100, samples };
}

/** Runs `fn` `iterations` times and returns the mean nanoseconds per call. */
export function nsPerOp(fn: () => void, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - start) / iterations;
}

export interface PerCallOptions {
  /** Calls per case per round. */
  readonly iterations: number;
  readonly rounds: number;
  /** Calls per case before the first timed round (lets V8 optimise every case). */
  readonly warmup: number;
}

/**
 * Per-call cost of each case in ns/op. Each round runs every case once, in an order that
 * rotates from round to round, so no case always runs first (or right after another's
 * garbage). All cases go through the same `nsPerOp` loop, so they share its call overhead
 * (measure it with an empty function as one of the cases).
 */
export function comparePerCall(cases: Readonly<Record<string, () => void>>, options: PerCallOptions): Record<string, Stats> {
  const names = Object.keys(cases);
  for (const name of names) nsPerOp(cases[name]!, options.warmup);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      samples[name]!.push(nsPerOp(cases[name]!, options.iterations));
    }
  }
  return Object.fromEntries(names.map((n) => [n, stats(samples[n]!)]));
}

/** Lets timers and I/O callbacks run (batch span export, metric readers) between rounds. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Keeps results alive so V8 cannot drop the work that produces them. Exported so no engine
 * can prove it unread; nothing imports it (knip: @public).
 * @public
 */
export let blackhole = 0;

/**
 * A fixed amount of CPU work (xorshift rounds: no allocation, no memory traffic), the
 * stand-in for an agent's own work. A fixed amount of work rather than a spin until a
 * deadline, so the work is the same in both variants of an A/B comparison even when the
 * process is preempted (a busy machine then adds noise, not bias).
 */
export function cpuWork(rounds: number): void {
  let x = 0x9e3779b9 | 0;
  for (let i = 0; i < rounds; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  blackhole ^= x;
}

/** The number of cpuWork rounds that take about `ns` on this machine (median of 7 tries). */
export function calibrateCpuWork(ns: number): number {
  let rounds = 100_000;
  const estimates: number[] = [];
  for (let k = 0; k < 9; k++) {
    const start = process.hrtime.bigint();
    cpuWork(rounds);
    const took = Number(process.hrtime.bigint() - start);
    rounds = Math.max(1, Math.round((rounds * ns) / took));
    if (k >= 2) estimates.push(rounds);
  }
  return Math.round(stats(estimates).median);
}

/** Process CPU time (user + system, all threads: GC helpers included) in µs. */
export function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** The ratio a / b, for tables. */
export function ratio(a: Stats, b: Stats): number {
  return a.median / b.median;
}
