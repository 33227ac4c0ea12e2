import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { prometheusLabelName } from '../../core/prometheus-name';
import { genAiErrorType } from '../../schema/labels';
import { startLocalStack } from '../../stack/local-stack';
import { asGrafanaSends } from '../grafana/as-grafana-sends';
import { TICKS_PER_HOP, toPrometheusMs } from './margins';

/**
 * The queries an off-the-shelf GenAI dashboard runs (tokens by model and token type, call
 * duration quantiles by provider and model, agent and tool durations), as the generated GenAI
 * dashboard holds them, against a live stack: the simulated fleet records only through the
 * existing helper calls, the collector exports, Prometheus scrapes. Each must return series
 * with the conventions' labels.
 */
const DASHBOARD = resolve(__dirname, '../../out/grafana/dashboards/custom-genai.json');
/** The failures panel selects failed calls only: a normal fleet may have none, so it must run, not return data. */
const FAILED_ONLY = `${prometheusLabelName(genAiErrorType.name)}!=""`;

interface Target {
  readonly where: string;
  readonly expr: string;
  readonly legendLabels: string[];
}

function targets(): Target[] {
  const json = JSON.parse(readFileSync(DASHBOARD, 'utf8'));
  return json.panels.flatMap((panel: any) =>
    (panel.targets ?? []).map((t: any) => ({
      where: `panel ${panel.id} "${panel.title}" ${t.refId}`,
      expr: asGrafanaSends(t.expr),
      legendLabels: [...String(t.legendFormat ?? '').matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!),
    })),
  );
}

it('the GenAI dashboard\'s queries return the fleet\'s data from the stack, labelled as the conventions name them', async () => {
  const all = targets();
  expect(all.length).toBeGreaterThan(0);
  const stack = await startLocalStack({ scenario: 'normal', seed: 7, feedbackLogToStdout: false });
  try {
    // Two scrapes after a value reached Prometheus: what rate() needs of a series.
    const deadline = Date.now() + TICKS_PER_HOP * (toPrometheusMs(stack.timing) + 2 * stack.timing.scrapeMs) + 30_000;
    const answers = new Map<string, { metric: Record<string, string> }[]>();
    for (;;) {
      for (const target of all) {
        const answer = await stack.prometheus.query(target.expr);
        expect(answer.status, `${target.where}: ${answer.error ?? ''}\n${target.expr}`).toBe('success');
        answers.set(target.where, answer.data.result);
      }
      const empty = all.filter((t) => !t.expr.includes(FAILED_ONLY) && (answers.get(t.where) ?? []).length === 0);
      if (empty.length === 0) break;
      if (Date.now() > deadline) throw new Error(`no data for:\n${empty.map((t) => `${t.where}: ${t.expr}`).join('\n')}`);
      await new Promise((r) => setTimeout(r, stack.timing.scrapeMs));
    }
    for (const target of all) {
      for (const series of answers.get(target.where) ?? []) {
        // Every label the legend shows is on the series: the query groups by the conventions' keys.
        for (const label of target.legendLabels) expect(series.metric, `${target.where}: ${label}`).toHaveProperty(label);
      }
    }
    console.log(all.map((t) => `${t.where}: ${answers.get(t.where)?.length ?? 0} series`).join('\n'));
  } finally {
    await stack.stop();
  }
}, 180_000);
