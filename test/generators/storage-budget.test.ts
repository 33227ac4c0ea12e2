import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../core/duration';
import { DEPLOY } from '../../deploy/config';
import { resolveAlerting } from '../../generators/alerting-model';
import { buildModel } from '../../generators/model';
import { runbooksIn } from '../../generators/runbooks';
import { bytesPerDay, checkStorage, recordedWorstCase, STORAGE_BUDGET_BYTES_PER_DAY, worstCaseStreams } from '../../generators/storage-budget';
import { rules } from '../../rules';
import { SETTINGS } from '../../rules/settings';
import { schema } from '../../schema';

/**
 * Spec 11.2's 1 GB a day, checked on the model's worst case: the schema's series at the scrape
 * interval of rules/settings.ts, and what the recording rules can write at their groups' intervals.
 */

const model = buildModel(schema);
const { alerting, catalog } = resolveAlerting(model, rules, runbooksIn(resolve(__dirname, '../../docs/runbooks')));
const recorded = recordedWorstCase(alerting, catalog, model);
const scrapeMs = parseDuration(SETTINGS.prometheus.scrapeInterval)!;
const names = { scrapeSetting: 'rules/settings.ts prometheus.scrapeInterval', retentionSetting: 'deploy/config.ts prometheus.retention', claimSetting: 'deploy/config.ts prometheus.storageSize' };
const GI = 2 ** 30;

describe('the storage budget of spec 11.2', () => {
  it('holds for the real settings: the worst case at the generated scrape interval fits in 1 GB a day and in the claim for the retention', () => {
    const claim = Number(/^(\d+)Gi$/.exec(DEPLOY.prometheus.storageSize)![1]) * GI;
    expect(checkStorage(worstCaseStreams(model, scrapeMs, recorded), { ...names, retentionMs: parseDuration(DEPLOY.prometheus.retention)!, claimBytes: claim })).toEqual([]);
  });

  it('counts every recording group, a rule that sets a label of its own (quantile) once per rule', () => {
    expect(recorded.map((s) => s.what)).toEqual(alerting.files.flatMap((f) => f.groups.filter((g) => g.rules.some((r) => r.kind === 'recording')).map((g) => `recorded by group ${g.name}`)));
    const agents = alerting.files.flatMap((f) => f.groups).find((g) => g.rules.some((r) => r.kind === 'recording' && 'quantile' in r.labels))!;
    const quantileRules = agents.rules.filter((r) => r.kind === 'recording' && 'quantile' in r.labels);
    const withoutQuantiles = recordedWorstCase({ ...alerting, files: [{ name: 'x', evaluationInterval: '1m', groups: [{ ...agents, rules: agents.rules.filter((r) => !quantileRules.includes(r)) }] }] }, catalog, model);
    const perQuantileRule = (recorded.find((s) => s.what === `recorded by group ${agents.name}`)!.series - withoutQuantiles[0]!.series) / quantileRules.length;
    // One series per value of the labels it keeps besides quantile, not three.
    expect(perQuantileRule).toBe(catalog.get(quantileRules[0]!.kind === 'recording' ? quantileRules[0]!.record : '')!.labels.get('agent_type')!.values!.length);
  });

  it('fails at a scrape interval that writes more, naming the setting and the interval that fits', () => {
    const found = checkStorage(worstCaseStreams(model, 5_000, recorded), names);
    expect(found).toHaveLength(1);
    expect(found[0]!.place).toContain('rules/settings.ts prometheus.scrapeInterval');
    expect(found[0]!.problem).toContain(`${model.totalWorstCaseSeries.toLocaleString('en')} series every 5s`);
    const fitting = Number(/at least (\d+)s/.exec(found[0]!.fix)![1]);
    // The interval it offers fits, and one second less does not.
    expect(bytesPerDay(worstCaseStreams(model, fitting * 1000, recorded))).toBeLessThan(STORAGE_BUDGET_BYTES_PER_DAY);
    expect(bytesPerDay(worstCaseStreams(model, (fitting - 1) * 1000, recorded))).toBeGreaterThanOrEqual(STORAGE_BUDGET_BYTES_PER_DAY);
  });

  it('fails when the retention does not fit in the claim, naming both', () => {
    const found = checkStorage(worstCaseStreams(model, scrapeMs, recorded), { ...names, retentionMs: parseDuration('90d')!, claimBytes: 20 * GI });
    expect(found).toHaveLength(1);
    expect(found[0]!.place).toContain('deploy/config.ts prometheus.storageSize');
    expect(found[0]!.place).toContain('deploy/config.ts prometheus.retention');
    const raised = Number(/at least (\d+)Gi/.exec(found[0]!.fix)![1]);
    expect(checkStorage(worstCaseStreams(model, scrapeMs, recorded), { ...names, retentionMs: parseDuration('90d')!, claimBytes: raised * GI })).toEqual([]);
  });
});
