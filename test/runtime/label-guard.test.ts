import { afterEach, describe, expect, it } from 'vitest';
import { LabelGuard, MAX_LABEL_VALUE_LENGTH, OTHER } from '../../runtime/label-guard';
import { registerRejectionSink } from '../../runtime/self-health';

const rejections: string[] = [];
registerRejectionSink((metric, label) => rejections.push(`${metric}/${label}`));
afterEach(() => {
  rejections.length = 0;
});

describe('LabelGuard', () => {
  const closed = () => new LabelGuard('m_total', [{ name: 'color', values: ['red', 'green'] }]);

  it('passes values inside a closed set through untouched and reports nothing', () => {
    expect(closed().apply({ color: 'red' })).toEqual({ color: 'red' });
    expect(rejections).toEqual([]);
  });

  it('records a value outside the set as other, and reports the metric and label', () => {
    expect(closed().apply({ color: 'blue' })).toEqual({ color: OTHER });
    expect(rejections).toEqual(['m_total/color']);
  });

  it('records a missing or non-string label as other', () => {
    expect(closed().apply({})).toEqual({ color: OTHER });
    expect(closed().apply({ color: 7 })).toEqual({ color: OTHER });
    expect(closed().apply(undefined)).toEqual({ color: OTHER });
    expect(rejections).toHaveLength(3);
  });

  it('leaves an optional label out when it is not given, and checks it like any other when it is', () => {
    const guard = new LabelGuard('d', [{ name: 'op', values: ['chat'] }, { name: 'error.type', values: ['timeout', '_OTHER'], optional: true }]);
    expect(guard.apply({ op: 'chat' })).toEqual({ op: 'chat' });
    expect(rejections).toEqual([]);
    expect(guard.apply({ op: 'chat', 'error.type': 'timeout' })).toEqual({ op: 'chat', 'error.type': 'timeout' });
    expect(guard.apply({ op: 'chat', 'error.type': 'TypeError' })).toEqual({ op: 'chat', 'error.type': OTHER });
    expect(rejections).toEqual(['d/error.type']);
  });

  it('drops labels the metric does not declare, and reports each', () => {
    expect(closed().apply({ color: 'red', user_id: 'u-123' })).toEqual({ color: 'red' });
    expect(rejections).toEqual(['m_total/user_id']);
  });

  it('accepts an open label up to its cap, then records the rest as other', () => {
    const guard = new LabelGuard('g', [{ name: 'project', cap: 2 }]);
    expect(guard.apply({ project: 'a' }).project).toBe('a');
    expect(guard.apply({ project: 'b' }).project).toBe('b');
    expect(guard.apply({ project: 'c' }).project).toBe(OTHER);
    // Values seen before the cap was reached stay accepted.
    expect(guard.apply({ project: 'a' }).project).toBe('a');
    expect(rejections).toEqual(['g/project']);
  });

  it('counts each rejection once, even past the cap of the rejected-values counter\'s own label', () => {
    // As the generated sink does: it records on a counter whose `label` label is capped too.
    const selfGuard = new LabelGuard('rejected_total', [{ name: 'metric', cap: 10 }, { name: 'label', cap: 2 }]);
    const counted: string[] = [];
    registerRejectionSink((metric, label) => {
      counted.push(`${metric}/${label}`);
      selfGuard.apply({ metric, label });
    });
    try {
      for (let i = 0; i < 5; i++) closed().apply({ color: 'red', [`key_${i}`]: 'x' });
      expect(counted).toEqual([0, 1, 2, 3, 4].map((i) => `m_total/key_${i}`));
    } finally {
      registerRejectionSink((metric, label) => rejections.push(`${metric}/${label}`));
    }
  });

  it('does not let an open label take the value other or an empty string', () => {
    const guard = new LabelGuard('g', [{ name: 'project', cap: 5 }]);
    expect(guard.apply({ project: '' }).project).toBe(OTHER);
    expect(guard.apply({ project: OTHER }).project).toBe(OTHER);
    expect(rejections).toHaveLength(2);
  });

  it('records an open label value longer than the length cap as other, counted, and keeps one at the cap', () => {
    const guard = new LabelGuard('g', [{ name: 'project', cap: 5 }]);
    const atCap = 'p'.repeat(MAX_LABEL_VALUE_LENGTH);
    expect(guard.apply({ project: atCap }).project).toBe(atCap);
    expect(guard.apply({ project: 'x'.repeat(1_000_004) }).project).toBe(OTHER);
    expect(rejections).toEqual(['g/project']);
  });

  it('reads no labels out of a string passed as the labels: each label is missing, counted once', () => {
    expect(closed().apply('x'.repeat(1_000_004) as never)).toEqual({ color: OTHER });
    expect(rejections).toEqual(['m_total/color']);
  });
});

describe('LabelGuard.bind', () => {
  const two = () => new LabelGuard('m_total', [{ name: 'color', values: ['red', 'green'] }, { name: 'project', cap: 1 }]);

  it('checks the bound labels once, and each call then checks only the others', () => {
    const guard = two();
    const bound = guard.bind({ color: 'blue' });
    expect(bound.values).toEqual({ color: OTHER });
    expect(bound.complete).toBeUndefined();
    expect(rejections).toEqual(['m_total/color']);
    expect(guard.apply({ project: 'a' }, bound)).toEqual({ color: OTHER, project: 'a' });
    expect(guard.apply({ project: 'a' }, bound)).toEqual({ color: OTHER, project: 'a' });
    expect(rejections).toEqual(['m_total/color']);
  });

  it('keeps a bound value over the same label given at a call, and leaves a label given as undefined to the calls', () => {
    const guard = two();
    const bound = guard.bind({ color: 'red', project: undefined });
    expect(bound.values).toEqual({ color: 'red' });
    expect(guard.apply({ color: 'green', project: 'a' }, bound)).toEqual({ color: 'red', project: 'a' });
    expect(rejections).toEqual([]);
  });

  it('gives a fully bound set its attributes once, binding more onto what is bound, and takes an open value\'s place in the cap once', () => {
    const guard = two();
    const full = guard.bind({ project: 'a' }, guard.bind({ color: 'green' }));
    expect(full.complete).toEqual({ color: 'green', project: 'a' });
    expect(Object.isFrozen(full.complete)).toBe(true);
    // The cap is 1 and 'a' holds it: another project is other, 'a' still is itself.
    expect(guard.apply({ color: 'red', project: 'b' }).project).toBe(OTHER);
    expect(guard.apply({ color: 'red', project: 'a' }).project).toBe('a');
  });

  it('counts labels the metric does not declare, at bind as at a call', () => {
    expect(two().bind({ colour: 'red' }).values).toEqual({});
    expect(rejections).toEqual(['m_total/colour']);
  });
});

describe('LabelGuard.keyOf', () => {
  // A closed set that declares `other` itself, an open label, an optional one: every way a value maps.
  const specs = [
    { name: 'color', values: ['red', OTHER, 'green'] },
    { name: 'project', cap: 3 },
    { name: 'error.type', values: ['timeout'], optional: true },
  ];
  const given = (i: number) => ({
    color: ['red', 'green', 'blue', OTHER, undefined][i % 5],
    project: [`p${i % 6}`, '', 'x'.repeat(MAX_LABEL_VALUE_LENGTH + 1), OTHER][i % 4],
    ...(i % 3 === 0 ? {} : { 'error.type': ['timeout', 'crash'][i % 2] }),
    ...(i % 7 === 0 ? { undeclared: 'x' } : {}),
  });

  it('names the series apply() records, in the same key order, and one key per distinct series', () => {
    const viaApply = new LabelGuard('m_total', specs);
    const viaKey = new LabelGuard('m_total', specs);
    const seriesByKey = new Map<number, string>();
    for (let i = 0; i < 200; i++) {
      const attributes = viaApply.apply(given(i));
      const key = viaKey.keyOf(given(i));
      expect(viaKey.attributesOf(key)).toEqual(attributes);
      expect(Object.keys(viaKey.attributesOf(key))).toEqual(Object.keys(attributes)); // the same key order, as OTLP sends it
      seriesByKey.set(key, JSON.stringify(attributes));
    }
    expect(new Set(seriesByKey.values()).size).toBe(seriesByKey.size);
    expect(viaKey.indexable).toBe(true);
  });

  it('counts the same rejections as apply() for the same calls', () => {
    const a = new LabelGuard('m_total', specs);
    for (let i = 0; i < 50; i++) a.apply(given(i));
    const fromApply = [...rejections];
    rejections.length = 0;
    const k = new LabelGuard('m_total', specs);
    for (let i = 0; i < 50; i++) k.keyOf(given(i));
    expect(rejections).toEqual(fromApply);
    expect(fromApply.length).toBeGreaterThan(0);
  });

  it('keys a bound handle\'s series as the same labels given at the call', () => {
    const guard = new LabelGuard('m_total', specs);
    const bound = guard.bind({ color: 'blue', project: 'p1' });
    expect(guard.keyOf({ 'error.type': 'timeout' }, bound)).toBe(guard.keyOf({ color: OTHER, project: 'p1', 'error.type': 'timeout' }));
    expect(guard.attributesOf(guard.keyOf({}, bound))).toEqual({ color: OTHER, project: 'p1' });
  });
});
