import { costUsd, inputTokens, outputTokens } from '../schema/metrics/cost';
import { genAiTokenUsage } from '../schema/metrics/genai';
import { agentType, genAiRequestModel, genAiTokenType } from '../schema/labels';
import { alert, panelLink, promql, recording, type RuleFile, seconds, sum } from './define';
import { ONE_HOUR, ONE_MINUTE } from '../core/windows';
import { slackOps } from './channels';
import { THRESHOLDS } from '../schema/thresholds';
import { countText, lastSpan, spokenDuration } from '../core/threshold-prose';

/** Tokens and spend (spec 8.2, action A5). */

export const inputTokenRate = recording({
  record: 'agent_type:aqe_tokens_input:rate1h',
  expr: promql`sum by (${agentType}) (rate(${inputTokens}[${ONE_HOUR}]))`,
  description: 'Input tokens per second over the last hour, by agent type',
});

export const outputTokenRate = recording({
  record: 'agent_type:aqe_tokens_output:rate1h',
  expr: promql`sum by (${agentType}) (rate(${outputTokens}[${ONE_HOUR}]))`,
  description: 'Output tokens per second over the last hour, by agent type',
});

export const costRate = recording({
  record: 'agent_type:aqe_cost_usd:rate1h',
  expr: promql`sum by (${agentType}) (rate(${costUsd}[${ONE_HOUR}]))`,
  description: 'Model spend in USD per second over the last hour, by agent type',
});

const GENERATOR = { agent_type: 'qe-test-generator', model: 'claude-sonnet-4-5' };

export const highTokenUsage = alert({
  name: 'HighTokenUsage',
  expr: promql`${inputTokenRate} * ${seconds(ONE_MINUTE)} > ${THRESHOLDS.inputTokensPerMinute}`,
  for: '10m',
  severity: 'warning',
  summary: `{{ $labels.agent_type }} uses {{ $value | humanize }} input tokens ${spokenDuration(ONE_MINUTE.ms)}`,
  description:
    `{{ $labels.agent_type }} averaged {{ $value | humanize }} input tokens ${spokenDuration(ONE_MINUTE.ms)} over ${lastSpan(ONE_HOUR.ms)} (threshold ${countText(THRESHOLDS.inputTokensPerMinute)}). Look for prompts that grew or retries on the executive dashboard.`,
  runbook: 'token-optimization',
  dashboard: panelLink('executive', 'tokenUsage'),
  channels: [slackOps],
  firing: [
    {
      name: '150k input tokens a minute warns ten minutes after the hourly average passes 100k (at 41m)',
      series: [{ metric: inputTokens, labels: GENERATOR, values: '0+150000x90' }],
      firesAt: '51m',
      expected: [
        {
          labels: { agent_type: 'qe-test-generator' },
          summary: `qe-test-generator uses 127.5k input tokens ${spokenDuration(ONE_MINUTE.ms)}`,
          description:
            `qe-test-generator averaged 127.5k input tokens ${spokenDuration(ONE_MINUTE.ms)} over ${lastSpan(ONE_HOUR.ms)} (threshold 100k). Look for prompts that grew or retries on the executive dashboard.`,
        },
      ],
    },
  ],
  quiet: [
    {
      name: '50k input tokens a minute are within budget',
      series: [{ metric: inputTokens, labels: GENERATOR, values: '0+50000x90' }],
      quietAt: ['60m', '90m'],
    },
  ],
});

/**
 * Input tokens per second to each model, over the last hour, from the standard
 * gen_ai.client.token.usage: what any GenAI instrumentation records, ours or another's.
 */
export const modelInputTokenRate = recording({
  record: 'gen_ai_request_model:gen_ai_client_token_usage_input:rate1h',
  expr: promql`sum by (${genAiRequestModel}) (rate(${sum(genAiTokenUsage)}{${genAiTokenType}="input"}[${ONE_HOUR}]))`,
  description: 'Input tokens per second sent to each model over the last hour, cache included, from the GenAI conventions\' token histogram',
});

/** A test series of the token histogram, labelled as Prometheus shows it. */
const SONNET = { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'anthropic', gen_ai_token_type: 'input', gen_ai_request_model: 'claude-sonnet-4-5' } as const;
/** A steady rate a ninth over budget: the hourly average passes the budget at minute 54. */
const overBudgetPerMinute = (10 / 9) * THRESHOLDS.modelInputTokensPerMinute;
const withinBudgetPerMinute = 0.5 * THRESHOLDS.modelInputTokensPerMinute;

export const highModelTokenUsage = alert({
  name: 'HighModelTokenUsage',
  expr: promql`${modelInputTokenRate} * ${seconds(ONE_MINUTE)} > ${THRESHOLDS.modelInputTokensPerMinute}`,
  for: '10m',
  severity: 'warning',
  summary: `The fleet sends {{ $value | humanize }} input tokens ${spokenDuration(ONE_MINUTE.ms)} to {{ $labels.gen_ai_request_model }}`,
  description:
    `The fleet averaged {{ $value | humanize }} input tokens ${spokenDuration(ONE_MINUTE.ms)} to {{ $labels.gen_ai_request_model }} over ${lastSpan(ONE_HOUR.ms)}, cache included (threshold ${countText(THRESHOLDS.modelInputTokensPerMinute)}: every agent type at its own budget). Find the agent types behind it on the executive dashboard.`,
  runbook: 'model-token-usage',
  dashboard: panelLink('executive', 'tokenUsage'),
  channels: [slackOps],
  firing: [
    {
      name: `${countText(overBudgetPerMinute)} input tokens a minute to one model warn ten minutes after the hourly average passes the budget`,
      series: [{ metric: sum(genAiTokenUsage), labels: SONNET, values: `0+${overBudgetPerMinute}x90` }],
      // Past the budget from minute 55 (at 54 it equals it), firing 10 minutes later; by then the
      // hour holds the rate alone.
      firesAt: '65m',
      expected: [
        {
          labels: { gen_ai_request_model: 'claude-sonnet-4-5' },
          summary: `The fleet sends ${countText(overBudgetPerMinute)} input tokens ${spokenDuration(ONE_MINUTE.ms)} to claude-sonnet-4-5`,
          description:
            `The fleet averaged ${countText(overBudgetPerMinute)} input tokens ${spokenDuration(ONE_MINUTE.ms)} to claude-sonnet-4-5 over ${lastSpan(ONE_HOUR.ms)}, cache included (threshold ${countText(THRESHOLDS.modelInputTokensPerMinute)}: every agent type at its own budget). Find the agent types behind it on the executive dashboard.`,
        },
      ],
    },
  ],
  quiet: [
    {
      name: 'half the budget is within it',
      series: [{ metric: sum(genAiTokenUsage), labels: SONNET, values: `0+${withinBudgetPerMinute}x90` }],
      quietAt: ['60m', '90m'],
    },
  ],
});

export const COST_RULES: RuleFile = {
  name: 'cost',
  // One group, recordings first: rules of a group run in order, so an alert sees the
  // recordings of the same evaluation (separate groups run in no fixed order).
  groups: [{ name: 'aqe-cost', interval: '1m', rules: [inputTokenRate, outputTokenRate, costRate, modelInputTokenRate, highTokenUsage, highModelTokenUsage] }],
};
