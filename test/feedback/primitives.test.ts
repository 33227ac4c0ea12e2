import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../feedback/circuit-breaker';
import { ConcurrencyLimiter } from '../../feedback/concurrency-limiter';
import { TokenBucket } from '../../feedback/throttle';
import { cheaperModel, DEFAULT_BOUNDS, InProcessAdaptation } from '../../feedback/adaptation';

describe('concurrency limiter', () => {
  it('never lets more than the limit run at once, queues the rest in order, and refuses past maxWaiting', async () => {
    const limiter = new ConcurrencyLimiter(2, 1);
    expect(limiter.tryAcquire()).toBe(true);
    expect(await limiter.acquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    const waiting = limiter.acquire();
    expect(await limiter.acquire()).toBe(false); // the queue holds one
    expect(limiter.current).toBe(2);
    limiter.release();
    expect(await waiting).toBe(true);
    expect(limiter.current).toBe(2);
    expect(limiter.peakRunning).toBe(2);
  });

  it('a lower limit binds as permits come back; a higher one lets waiters in at once', async () => {
    const limiter = new ConcurrencyLimiter(3);
    for (let i = 0; i < 3; i++) limiter.tryAcquire();
    limiter.setLimit(1);
    limiter.release();
    expect(limiter.tryAcquire()).toBe(false);
    limiter.release();
    limiter.release();
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    const waiter = limiter.acquire();
    limiter.setLimit(2);
    expect(await waiter).toBe(true);
  });
});

describe('circuit breaker', () => {
  it('open refuses, half-open after its timeout lets one probe through, three probe successes close it', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ openMs: 1000, now: () => now });
    expect(breaker.allow()).toBe(true);
    breaker.trip('test');
    expect(breaker.state).toBe('open');
    expect(breaker.allow()).toBe(false);
    now = 999;
    expect(breaker.allow()).toBe(false);
    now = 1000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.allow()).toBe(true);
    expect(breaker.allow()).toBe(false); // one probe at a time
    for (let i = 0; i < 3; i++) {
      breaker.record(true);
      if (i < 2) expect(breaker.allow()).toBe(true);
    }
    expect(breaker.state).toBe('closed');
    expect(breaker.allow()).toBe(true);
  });

  it('a failed probe opens it again for the whole timeout', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ openMs: 1000, now: () => now });
    breaker.trip('test');
    now = 1500;
    expect(breaker.allow()).toBe(true);
    breaker.record(false);
    expect(breaker.state).toBe('open');
    now = 2400;
    expect(breaker.allow()).toBe(false);
    now = 2500;
    expect(breaker.state).toBe('half-open');
    expect(breaker.tripCount).toBe(2);
  });

  it('armed by a trip, a closed breaker opens again by itself on 3 failures among its last 10 runs; disarmed, it does not', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ openMs: 1000, successesToClose: 1, now: () => now });
    // Never tripped: failures alone do not open it (the loop decides that).
    for (let i = 0; i < 5; i++) breaker.record(false);
    expect(breaker.state).toBe('closed');
    breaker.trip('loop');
    now = 1000;
    breaker.allow();
    breaker.record(true);
    expect(breaker.state).toBe('closed');
    expect(breaker.armed).toBe(true);
    for (const ok of [false, true, true, true, false, true, true]) breaker.record(ok);
    expect(breaker.state).toBe('closed'); // 2 of 7
    breaker.record(false);
    expect(breaker.state).toBe('open');
    expect(breaker.reason).toBe('3 of the last 8 runs failed');
    breaker.disarm();
    for (let i = 0; i < 5; i++) breaker.record(false);
    expect(breaker.state).toBe('closed');
  });
});

describe('token bucket', () => {
  it('allows the burst, then the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 2, () => now);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, false]);
    now = 499;
    expect(bucket.tryTake()).toBe(false);
    now = 500;
    expect(bucket.tryTake()).toBe(true);
    now = 10_000;
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, false]);
  });
});

describe('in-process adaptation', () => {
  it('admit obeys the concurrency limit and the breaker, and counts what it refused', () => {
    let now = 0;
    const a = new InProcessAdaptation({ now: () => now, publish: false });
    a.adjustConcurrency('qe-test-generator', -100);
    expect(a.getAdaptationState().agentTypes['qe-test-generator']!.concurrencyLimit).toBe(DEFAULT_BOUNDS.concurrency.min);
    const first = a.admit('qe-test-generator');
    expect(first).toBeDefined();
    expect(a.admit('qe-test-generator')).toBeUndefined();
    first!.done(true);
    a.tripCircuitBreaker('qe-test-generator', 'test');
    expect(a.admit('qe-test-generator')).toBeUndefined();
    expect(a.admit('qe-test-executor')).toBeDefined();
    now = DEFAULT_BOUNDS.circuit.openMs;
    expect(a.admit('qe-test-generator')).toBeDefined();
    const state = a.getAdaptationState().agentTypes['qe-test-generator']!;
    expect(state).toMatchObject({ circuit: 'half-open', started: 2, refused: 2 });
  });

  it('clamps every action to its bounds and ignores what is not in the schema, without throwing', () => {
    const a = new InProcessAdaptation({ publish: false });
    a.adjustConcurrency('qe-test-generator', 1000);
    a.updateRetryPolicy('qe-test-generator', { maxRetries: 99, backoffMs: 10 });
    a.scaleAgents('qe-test-generator', 50);
    a.applyThrottle('spawn:qe-test-generator', 1e9);
    expect(() => a.adjustConcurrency('qe-nobody' as never, 1)).not.toThrow();
    expect(() => a.switchModel('qe-test-generator', 'gpt-99' as never)).not.toThrow();
    expect(() => a.updateRetryPolicy('qe-test-generator', undefined as never)).not.toThrow();
    const state = a.getAdaptationState();
    expect(state.agentTypes['qe-test-generator']).toMatchObject({ concurrencyLimit: DEFAULT_BOUNDS.concurrency.max, retryPolicy: { maxRetries: DEFAULT_BOUNDS.retries.maxRetries }, extraAgents: DEFAULT_BOUNDS.extraAgents.max });
    expect(state.agentTypes['qe-test-generator']!.model).toBeUndefined();
    expect(state.throttles['spawn:qe-test-generator']).toBe(DEFAULT_BOUNDS.throttle.maxPerSecond);
  });

  it('a switched model applies only to calls on a dearer model, and cheaper models stay with their provider', () => {
    const a = new InProcessAdaptation({ publish: false });
    a.switchModel('qe-test-generator', 'claude-haiku-4-5');
    expect(a.modelFor('qe-test-generator', 'claude-sonnet-4-5')).toBe('claude-haiku-4-5');
    expect(a.modelFor('qe-test-generator', 'gpt-4o-mini')).toBe('gpt-4o-mini');
    expect(a.modelFor('qe-test-executor', 'claude-sonnet-4-5')).toBe('claude-sonnet-4-5');
    expect(cheaperModel('claude-sonnet-4-5')).toBe('claude-haiku-4-5');
    expect(cheaperModel('gpt-5')).toBe('gpt-4o-mini');
    expect(cheaperModel('gpt-4o-mini')).toBeUndefined();
  });
});
