/**
 * Observes the fleet through Prometheus: the recording rules of rules/ (failure ratios,
 * P95 by agent type, token rates, coverage) with the same traffic guards as the alerts,
 * rendered for the stack's time scale, so the loop and the alerts see the same numbers.
 */
import { agentType, coverageType, model, project, testOutcome } from '../schema/labels';
import { inputTokens } from '../schema/metrics/cost';
import { testsRun } from '../schema/metrics/quality';
import { agentsActive } from '../schema/metrics/agent';
import { durationP95, errorRate, failureRatio, runRate, spawnRate } from '../rules/agents';
import { projectCoverage } from '../rules/quality';
import { promql, seconds, type PromQL } from '../rules/define';
import { THRESHOLDS } from '../schema/thresholds';
import { FIVE_MINUTES, ONE_HOUR, ONE_MINUTE } from '../core/windows';
import type { Model } from '../out/instrumentation/labels';
import type { Observation } from './behaviours';
import type { Observer } from './controller';

const W = seconds(FIVE_MINUTES);

/** Each behaviour's query: one value per agent type (or project). */
export const FEEDBACK_QUERIES = {
  // The failure ratio once the window has the alert's minimum of runs; 0 while it has
  // fewer errors than the alert's minimum (noise), so a quiet type can still recover.
  errors: promql`((${failureRatio} and on (${agentType}) ${errorRate} * ${W} >= ${THRESHOLDS.minErrorsForFailureRatio}) or on (${agentType}) (${spawnRate} * 0)) and on (${agentType}) ${spawnRate} * ${W} >= ${THRESHOLDS.minRunsForFailureRatio}`,
  performance: promql`${durationP95} and on (${agentType}) ${runRate} * ${W} >= ${THRESHOLDS.minRunsForLatency}`,
  /** The most runs of each agent type at once in the window: what the performance action halves. */
  concurrency: promql`max by (${agentType}) (max_over_time(${agentsActive}[${FIVE_MINUTES}]))`,
  cost: promql`sum by (${agentType}, ${model}) (rate(${inputTokens}[${ONE_HOUR}])) * ${seconds(ONE_MINUTE)}`,
  quality: promql`${projectCoverage}{${coverageType}="line"}`,
  flakiness: promql`sum by (${project}) (rate(${testsRun}{${testOutcome}="flaky"}[${FIVE_MINUTES}])) / sum by (${project}) (rate(${testsRun}[${FIVE_MINUTES}]))`,
} as const satisfies Record<string, PromQL>;

interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: readonly [number, string];
}

export interface PrometheusObserverOptions {
  readonly url: string;
  /** The stack's time scale: the queries' windows are divided by it. @default 1 */
  readonly timeScale?: number;
  /** @default 5000 */
  readonly timeoutMs?: number;
}

export class PrometheusObserver implements Observer {
  private readonly url: string;
  private readonly timeScale: number;
  private readonly timeoutMs: number;

  constructor(options: PrometheusObserverOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.timeScale = options.timeScale ?? 1;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async observe(): Promise<readonly Observation[]> {
    const [errors, performance, concurrency, cost, quality, flakiness] = await Promise.all([
      this.query(FEEDBACK_QUERIES.errors),
      this.query(FEEDBACK_QUERIES.performance),
      this.query(FEEDBACK_QUERIES.concurrency),
      this.query(FEEDBACK_QUERIES.cost),
      this.query(FEEDBACK_QUERIES.quality),
      this.query(FEEDBACK_QUERIES.flakiness),
    ]);
    const out: Observation[] = [];
    const by = (samples: Sample[], label: string, behaviour: Observation['behaviour']) => {
      for (const s of samples) {
        const subject = s.metric[label];
        const value = Number(s.value[1]);
        if (subject && Number.isFinite(value)) out.push({ behaviour, subject, value });
      }
    };
    by(errors, agentType.name, 'errors');
    const running = new Map(concurrency.map((s) => [s.metric[agentType.name], Number(s.value[1])]));
    for (const s of performance) {
      const subject = s.metric[agentType.name];
      const value = Number(s.value[1]);
      const peak = running.get(subject);
      if (subject && Number.isFinite(value)) out.push({ behaviour: 'performance', subject, value, ...(peak !== undefined && Number.isFinite(peak) ? { concurrency: peak } : {}) });
    }
    // Cost: the agent type's total, and the model with most of it (the one to switch off).
    const costs = new Map<string, { total: number; top?: Model; topValue: number }>();
    for (const s of cost) {
      const type = s.metric[agentType.name];
      const value = Number(s.value[1]);
      if (!type || !Number.isFinite(value)) continue;
      const entry = costs.get(type) ?? { total: 0, topValue: -1 };
      entry.total += value;
      const m = s.metric[model.name];
      if (m && m !== 'other' && value > entry.topValue) Object.assign(entry, { top: m as Model, topValue: value });
      costs.set(type, entry);
    }
    for (const [subject, entry] of costs) out.push({ behaviour: 'cost', subject, value: entry.total, ...(entry.top ? { model: entry.top } : {}) });
    by(quality, project.name, 'quality');
    by(flakiness, project.name, 'flakiness');
    return out;
  }

  private async query(expr: PromQL): Promise<Sample[]> {
    const text = expr.render(this.timeScale);
    let response: Response;
    try {
      response = await fetch(`${this.url}/api/v1/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: text }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new Error(`Prometheus at ${this.url} is unreachable: ${(error as Error)?.cause ?? (error as Error)?.message}`);
    }
    const answer = (await response.json().catch(() => ({}))) as { status?: string; error?: string; data?: { result?: Sample[] } };
    if (answer.status !== 'success') throw new Error(`Prometheus refused ${text}: ${answer.error ?? response.status}`);
    return answer.data?.result ?? [];
  }
}
