import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSources, type SourcesToCheck } from '../../generators/check-sources';
import { DiagnosticError, type Diagnostic, type SkippedCheck } from '../../generators/diagnostics';
import { readSources } from '../../generators/sources';
import { unlistedDashboards, unlistedRules } from '../../generators/unlisted-sources';
import { alert, promql, type AlertRule, type Channel, type Rules } from '../../rules/define';
import { counter, histogram } from '../../schema/define';
import { agentType } from '../../schema/labels';
import { highTokenUsage } from '../../rules/cost';
import { slackOps } from '../../rules/channels';
import { inputTokens } from '../../schema/metrics/cost';
import type { MetricDefinition, PriceSources } from '../../schema/define';

/**
 * The battery of single mistakes a new user makes across schema/, rules/, dashboards-src/ and
 * deploy/, each applied to the real sources: every one is reported with a place, a problem
 * naming the bad value and a fix, and none escapes as a crash. Then several at once: one run
 * reports every area's.
 */

const ROOT = resolve(__dirname, '../..');
const real = readSources(ROOT);

function problemsOf(sources: SourcesToCheck): { diagnostics: readonly Diagnostic[]; skipped: readonly SkippedCheck[] } {
  try {
    checkSources(sources);
  } catch (error) {
    if (error instanceof DiagnosticError) return { diagnostics: error.diagnostics, skipped: error.skipped };
    throw error;
  }
  return { diagnostics: [], skipped: [] };
}

const withMetric = (metric: MetricDefinition): SourcesToCheck => ({ ...real, schema: { ...real.schema, metrics: { ...real.schema.metrics, batteryMetric: metric } } });
/** The real rules with one alert replaced where it stands (its group keeps the recordings it reads). */
const withAlert = (change: (a: AlertRule) => AlertRule, rules: Rules = real.rules): Rules => ({
  ...rules,
  files: rules.files.map((f) => ({ ...f, groups: f.groups.map((g) => ({ ...g, rules: g.rules.map((r) => (r === highTokenUsage ? change(highTokenUsage) : r)) })) })),
});
const withRules = (rules: Rules): SourcesToCheck => ({ ...real, rules });
const withPrices = (change: Partial<PriceSources>): SourcesToCheck => ({ ...real, schema: { ...real.schema, prices: { ...real.schema.prices, ...change } } });
const fleet = real.schema.prices.models;
const emailWithout: Channel = { name: 'email-nobody', kind: 'email', description: 'x' };

interface Mistake {
  readonly sentence: string;
  readonly sources: () => SourcesToCheck;
  readonly place: RegExp;
  readonly problem: RegExp;
  readonly fix: RegExp;
}

const MISTAKES: readonly Mistake[] = [
  // schema/
  { sentence: 'a metric name with capitals and dashes', sources: () => withMetric(counter({ name: 'aqe.Battery-Count_total', unit: '{x}', description: 'x', labels: [agentType] })), place: /aqe\.Battery-Count_total/, problem: /not a valid metric name/, fix: /lower case/ },
  { sentence: 'unit ms on a _seconds name (the fix swaps, not appends)', sources: () => withMetric(histogram({ name: 'aqe.battery.wait_seconds', unit: 'ms', description: 'x', labels: [agentType], buckets: [1, 2] })), place: /aqe\.battery\.wait_seconds/, problem: /unit "ms" disagrees/, fix: /set the unit to "s".*aqe\.battery\.wait_milliseconds(?!_)/ },
  { sentence: 'a histogram with no buckets', sources: () => withMetric(histogram({ name: 'aqe.battery.size_bytes', unit: 'By', description: 'x', labels: [agentType], buckets: [] })), place: /aqe\.battery\.size_bytes/, problem: /needs buckets/, fix: /buckets/ },
  { sentence: 'a label listed twice', sources: () => withMetric(counter({ name: 'aqe.battery.events_total', unit: '{event}', description: 'x', labels: [agentType, agentType] })), place: /label agent_type/, problem: /listed twice/, fix: /once/ },
  { sentence: 'an empty description', sources: () => withMetric(counter({ name: 'aqe.battery.events_total', unit: '{event}', description: ' ', labels: [] })), place: /aqe\.battery\.events_total/, problem: /description is empty/, fix: /say what/ },
  { sentence: 'a series budget below the worst case', sources: () => ({ ...real, schema: { ...real.schema, seriesBudget: 10 } }), place: /schema \(all metrics\)/, problem: /over the budget of 10/, fix: /reduce the largest/ },
  // schema/prices.ts
  { sentence: 'a model the price package does not know, not in additions', sources: () => withPrices({ models: [...fleet, { model: 'claude-sonet-4-5', provider: 'anthropic' }] }), place: /schema\/prices\.ts, model claude-sonet-4-5/, problem: /@pydantic\/genai-prices@\S+ does not price model claude-sonet-4-5 .*did you mean claude-sonnet-4-5\?/, fix: /additions/ },
  { sentence: 'a provider that is no gen_ai.provider.name value', sources: () => withPrices({ models: fleet.map((m, i) => (i === 0 ? { ...m, provider: 'antropic' } : m)) }), place: new RegExp(`schema/prices\\.ts, model ${fleet[0]!.model}`), problem: /provider "antropic" .*did you mean anthropic\?/, fix: /gcp\.gemini/ },
  { sentence: 'an override for a model the fleet does not use', sources: () => withPrices({ overrides: [{ model: 'gpt-5-nano', reason: 'contract', inputPerMillion: 0.04 }] }), place: /override gpt-5-nano/, problem: /not one of the fleet's models \(did you mean gpt-5-mini\?\)/, fix: /list it in models/ },
  { sentence: 'an override with a negative price', sources: () => withPrices({ overrides: [{ model: 'gpt-5', reason: 'contract', outputPerMillion: -8 }] }), place: /override gpt-5: outputPerMillion/, problem: /the price is -8/, fix: /0 or more/ },
  { sentence: 'an override tier that starts below the one before', sources: () => withPrices({ overrides: [{ model: 'gpt-5', reason: 'contract', inputPerMillion: { base: 1, tiers: [{ start: 200_000, price: 2 }, { start: 100_000, price: 3 }] } }] }), place: /override gpt-5: inputPerMillion/, problem: /tier 2 starts at 100000, not above the tier before/, fix: /rising starts/ },
  { sentence: 'an addition the package already prices', sources: () => withPrices({ additions: [{ model: 'gpt-4o', takenOn: '2026-11-30', source: 'https://openai.com/api/pricing', inputPerMillion: 2, outputPerMillion: 8, cacheReadPerMillion: 1, cacheWritePerMillion: 0 }] }), place: /addition gpt-4o/, problem: /prices gpt-4o \(.*openai\/gpt-4o\)/, fix: /remove the addition, or make it an override/ },
  { sentence: 'an addition with NaN and a date that is no date', sources: () => withPrices({ models: [...fleet, { model: 'acme-1', provider: 'openai' }], additions: [{ model: 'acme-1', takenOn: 'last week', source: 'https://acme.example/pricing', inputPerMillion: Number.NaN, outputPerMillion: 8, cacheReadPerMillion: 1, cacheWritePerMillion: 0 }] }), place: /addition acme-1/, problem: /takenOn "last week" is not an ISO date|the price is NaN/, fix: /YYYY-MM-DD|0 or more/ },
  // rules/
  { sentence: 'for: "soon"', sources: () => withRules(withAlert((a) => ({ ...a, for: 'soon' }))), place: /alert HighTokenUsage \(rules\/cost\)/, problem: /for "soon" is not a duration/, fix: /5m/ },
  { sentence: 'a runbook that does not exist', sources: () => withRules(withAlert((a) => ({ ...a, runbook: 'token-optimisation' }))), place: /alert HighTokenUsage/, problem: /token-optimisation\.md does not exist/, fix: /did you mean token-optimization\?/ },
  { sentence: 'a NaN threshold (writes > NaN)', sources: () => withRules(withAlert((a) => ({ ...a, expr: promql`${inputTokens} > ${Number.NaN}` }))), place: /alert HighTokenUsage.*expr column/, problem: /compares with NaN/, fix: /not a finite number/ },
  { sentence: 'an alert name that is not CamelCase', sources: () => withRules(withAlert((a) => ({ ...a, name: 'high_token_usage' }))), place: /alert high_token_usage/, problem: /not CamelCase/, fix: /AgentFailureRate/ },
  { sentence: 'a misspelt metric in a raw expression', sources: () => withRules(withAlert((a) => ({ ...a, expr: promql`aqe_tokens_inputs_total > 1` }))), place: /alert HighTokenUsage.*expr column 1/, problem: /aqe_tokens_inputs_total/, fix: /did you mean aqe_tokens_input_total\?/ },
  { sentence: 'an alert with no channel', sources: () => withRules(withAlert((a) => ({ ...a, channels: [] }))), place: /alert HighTokenUsage/, problem: /no channel/, fix: /slackOps/ },
  { sentence: 'cron 99 99 * * *', sources: () => withRules({ ...real.rules, schedules: real.rules.schedules.map((s, i) => (i === 0 ? { ...s, cron: '99 99 * * *' } : s)) }), place: /^schedule /, problem: /minute 99 is outside 0-59.*|hour 99 is outside 0-23/, fix: /minute hour day-of-month/ },
  { sentence: 'two channels with one name', sources: () => withRules({ ...real.rules, channels: [...real.rules.channels, { ...slackOps, description: 'copy' }] }), place: /channel slack-ops/, problem: /two channels have this name/, fix: /its own name/ },
  { sentence: 'an e-mail channel with no destination', sources: () => withRules({ ...real.rules, channels: [...real.rules.channels, emailWithout] }), place: /channel email-nobody/, problem: /no destination/, fix: /@example\.com/ },
  { sentence: 'two rule files with one name', sources: () => withRules({ ...real.rules, files: [...real.rules.files, { name: real.rules.files[0]!.name, groups: [{ name: 'copy', interval: '30s', rules: [] }] }] }), place: new RegExp(`rule file ${real.rules.files[0]!.name}`), problem: /two rule files have this name/, fix: /its own name/ },
  { sentence: 'a group interval of "5 s"', sources: () => withRules({ ...real.rules, files: real.rules.files.map((f, i) => (i === 0 ? { ...f, groups: f.groups.map((g, j) => (j === 0 ? { ...g, interval: '5 s' } : g)) } : f)) }), place: /rule group /, problem: /interval "5 s" is not a duration/, fix: /30s/ },
  // deploy/ (every class is in resolve-deploy.test.ts and resolve-settings.test.ts; here, that they reach a run)
  { sentence: 'a retention of -30d', sources: () => ({ ...real, deploy: { ...real.deploy, prometheus: { ...real.deploy.prometheus, retention: '-30d' } } }), place: /deploy\/config\.ts prometheus\.retention/, problem: /-30d/, fix: /30d/ },
  { sentence: 'an image tagged :latest', sources: () => ({ ...real, deploy: { ...real.deploy, images: { ...real.deploy.images, grafana: 'grafana/grafana:latest' } } }), place: /deploy\/config\.ts images\.grafana/, problem: /latest/, fix: /pin|tag|version/i },
  { sentence: 'groupWait: "soon"', sources: () => withRules({ ...real.rules, timing: { ...real.rules.timing, warning: { ...real.rules.timing.warning, groupWait: 'soon' } } }), place: /warning\.groupWait/, problem: /soon/, fix: /30s|\d+s/ },
  // dashboards-src/
  { sentence: 'two dashboards with one uid', sources: () => ({ ...real, dashboards: [...real.dashboards, { file: 'dashboards-src/custom/copy.ts', dashboard: { ...real.dashboards[0]!.dashboard } }] }), place: /dashboards-src\/custom\/copy\.ts/, problem: /is already used by/, fix: /its own uid/ },
];

describe('every single mistake is reported with place, problem and fix', () => {
  it.each(MISTAKES)('$sentence', ({ sources, place, problem, fix }) => {
    const { diagnostics } = problemsOf(sources());
    const hit = diagnostics.find((d) => place.test(d.place) && problem.test(d.problem));
    expect(hit, `no diagnostic matched; got:\n${diagnostics.map((d) => `${d.place}: ${d.problem}`).join('\n')}`).toBeDefined();
    expect(hit!.fix).toMatch(fix);
  });

  it('the price mistakes together are reported together, each in its place', () => {
    const models = [...fleet, { model: 'claude-sonet-4-5', provider: 'anthropic' }];
    const { diagnostics } = problemsOf(withPrices({ models, overrides: [{ model: 'gpt-5-nano', reason: 'contract', inputPerMillion: -1 }] }));
    const places = diagnostics.map((d) => d.place);
    expect(places).toEqual(expect.arrayContaining(['schema/prices.ts, model claude-sonet-4-5', 'schema/prices.ts, override gpt-5-nano', 'schema/prices.ts, override gpt-5-nano: inputPerMillion']));
  });

  it('the real sources have none (so each case above is its mistake alone)', () => {
    expect(problemsOf(real).diagnostics).toEqual([]);
  });
});

describe('one run reports every area', () => {
  it('a schema, a rules, a dashboards and a deploy mistake are all reported; only what deploy/ builds is not checked', () => {
    const sources: SourcesToCheck = {
      ...withMetric(counter({ name: 'aqe.Battery-Count_total', unit: '{x}', description: 'x', labels: [agentType] })),
      deploy: { ...real.deploy, prometheus: { ...real.deploy.prometheus, retention: '-30d' } },
      rules: withAlert((a) => ({ ...a, for: 'soon' })),
      dashboards: [...real.dashboards, { file: 'dashboards-src/custom/copy.ts', dashboard: { ...real.dashboards[0]!.dashboard } }],
    };
    const { diagnostics, skipped } = problemsOf(sources);
    const places = diagnostics.map((d) => d.place).join('\n');
    expect(places).toMatch(/aqe\.Battery-Count_total/);
    expect(places).toMatch(/alert HighTokenUsage/);
    expect(places).toMatch(/dashboards-src\/custom\/copy\.ts/);
    expect(places).toMatch(/deploy\/config\.ts prometheus\.retention/);
    expect(skipped.map((s) => s.check)).toEqual(['the collector config']);
  });

  it('an area that did not load is named as not checked, with the areas that need it; the others are checked', () => {
    const { schema: _schema, ...rest } = real;
    const { diagnostics, skipped } = problemsOf({ ...rest, rules: withAlert((a) => ({ ...a, for: 'soon' })), loadProblems: [{ place: 'schema/index.ts:3:1', problem: 'loading schema/ stopped with Error: x', fix: 'y' }] });
    expect(skipped.map((s) => s.check)).toEqual(['schema/', 'rules/', 'the storage budget', 'the rules\' windows', 'dashboards-src/', 'the collector config']);
    expect(skipped[1]!.reason).toMatch(/schema could not be resolved/);
    expect(diagnostics.map((d) => d.place)).toEqual(['schema/index.ts:3:1']);
  });

  it('a crash inside a check is a located problem, not a stack trace', () => {
    const broken = { ...real.rules, defaultChannel: undefined as unknown as Channel };
    const { diagnostics } = problemsOf(withRules(broken));
    expect(diagnostics.some((d) => /stopped with TypeError/.test(d.problem) && /^(generators|rules)\/[^:]+:\d+:\d+$/.test(d.place))).toBe(true);
  });
});

describe('sources that nothing lists are reported', () => {
  const strayAlert = alert({ ...highTokenUsage, name: 'StrayAlert' });
  const strayFile = { name: 'stray', groups: [{ name: 'stray', interval: '30s', rules: [] }] };

  it('an alert in no group and a rule file missing from rules/index.ts', () => {
    const found = unlistedRules([{ file: 'rules/stray.ts', exports: { strayAlert, strayFile, highTokenUsage } }], real.rules);
    expect(found.map((d) => d.place).sort()).toEqual(['alert StrayAlert (rules/stray.ts, export strayAlert)', 'rule file stray (rules/stray.ts, export strayFile)']);
    expect(found.every((d) => /rules\/index\.ts|rule file listed/.test(d.fix))).toBe(true);
  });

  it('a dashboard file missing from dashboards-src/custom/index.ts', () => {
    const listed = real.dashboards.map((d) => d.file).filter((f) => f.startsWith('dashboards-src/custom/'));
    expect(unlistedDashboards(listed, real.dashboards)).toEqual([]);
    const [d] = unlistedDashboards([...listed, 'dashboards-src/custom/forgotten.ts'], real.dashboards);
    expect(d).toMatchObject({ place: 'dashboards-src/custom/forgotten.ts', problem: expect.stringMatching(/not generated/), fix: expect.stringMatching(/CUSTOM_DASHBOARDS/) });
  });
});
