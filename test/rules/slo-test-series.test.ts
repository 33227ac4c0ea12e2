import { describe, expect, it } from 'vitest';
import { agentDuration, agentSpawns } from '../../schema/metrics/agent';
import { counterTraffic, counterValues, histogramTraffic } from '../../rules/slo-test-series';

/** The traffic helpers of SLO test cases, checked against promtool's expanding notation by hand. */

/** promtool's expanding notation, as its documentation states it: `a+bxn` is a, a+b, ..., a+nb; `axn` is a, n more times. */
function expand(values: string): number[] {
  return values.split(' ').flatMap((part) => {
    const m = /^(-?[\d.]+)(?:([+-][\d.]+)?x(\d+))?$/.exec(part);
    if (!m) throw new Error(`not expanding notation: ${part}`);
    const [a, b, n] = [Number(m[1]), Number(m[2] ?? 0), m[3] === undefined ? 0 : Number(m[3])];
    return Array.from({ length: n + 1 }, (_, i) => a + i * b);
  });
}

describe('counterValues', () => {
  it('writes one sample per interval of each phase after the first, each phase continuing where the last ended', () => {
    const values = counterValues('1m', 10, [{ for: '3m', good: 2, bad: 0 }, { for: '2m', good: 0, bad: 0 }, { for: '1m', good: 5, bad: 0 }], (p) => p.good);
    expect(values).toBe('10 12+2x2 16x1 21+5x0');
    expect(expand(values)).toEqual([10, 12, 14, 16, 16, 16, 21]);
  });

  it('refuses a phase that is not a whole number of sample intervals', () => {
    expect(() => counterValues('5m', 0, [{ for: '12m', good: 1, bad: 0 }], (p) => p.good)).toThrow(/"12m" is not a whole number of sample intervals \(5m\)/);
  });
});

describe('traffic of an SLI', () => {
  const phases = [{ for: '2m', good: 3, bad: 1 }];

  it('puts good and bad events of a counter on their two series, neither starting at 0', () => {
    const [good, bad] = counterTraffic(agentSpawns, { good: { status: 'success' }, bad: { status: 'failure' } })('1m', phases);
    const [g, b] = [expand(good!.values), expand(bad!.values)];
    expect(g[0]).toBeGreaterThan(0);
    expect(b[0]).toBeGreaterThan(0);
    expect([g[2]! - g[0]!, b[2]! - b[0]!]).toEqual([6, 2]);
  });

  it('counts good runs in every bucket from their duration up, bad ones from theirs, and both in +Inf and the count', () => {
    const series = histogramTraffic(agentDuration, { agent_type: 'qe-test-generator' }, { good: 5, bad: 45 })('1m', phases);
    const increase = (le: string) => {
      const s = series.find((x) => x.labels.le === le)!;
      const v = expand(s.values);
      return v[v.length - 1]! - v[0]!;
    };
    expect([increase('2'), increase('5'), increase('30'), increase('60'), increase('+Inf')]).toEqual([0, 6, 6, 8, 8]);
    const countSeries = series.find((x) => x.labels.le === undefined)!;
    expect(expand(countSeries.values).slice(-1)[0]! - expand(countSeries.values)[0]!).toBe(8);
    expect(series.filter((x) => x.labels.le !== undefined)).toHaveLength((agentDuration.buckets?.length ?? 0) + 1);
  });
});
