import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import { agentType } from '../../schema/labels';
import { agentSpawns } from '../../schema/metrics/agent';
import { promql } from '../../core/promql';
import { costRate, durationP95, failureRatio, inputTokenRate, spawnRate } from '../recordings';
import { at, baseDashboard, labelVariable, matchVariable, prom, recorded, type DashboardSource } from '../common';

/**
 * An example custom dashboard: one agent type at a time, from the recording rules. Copy it
 * to start your own; it goes through the same checks as the stakeholder dashboards.
 */

const selected = matchVariable(agentType);

export const agentDeepDive: DashboardSource = {
  file: 'dashboards-src/custom/agent-deep-dive.ts',
  dashboard: baseDashboard({
    uid: 'aqe-custom-agent-deep-dive',
    title: 'AQE custom: agent type deep dive',
    description: 'Runs, failures, latency, tokens and cost of the selected agent types.',
    from: 'now-6h',
    tags: ['custom'],
  })
    .withVariable(labelVariable(agentType, agentSpawns, 'Agent type'))
    .withPanel(new TimeSeries().id(1).title('Runs per second').gridPos(at(0, 0, 12, 8)).withTarget(prom('A', promql`${spawnRate}{${selected}}`, '{{agent_type}}')))
    .withPanel(
      new TimeSeries()
        .id(2)
        .title('Share of runs failing')
        .unit('percentunit')
        .gridPos(at(12, 0, 12, 8))
        .withTarget(prom('A', promql`${failureRatio}{${selected}}`, '{{agent_type}}')),
    )
    .withPanel(
      new TimeSeries()
        .id(3)
        .title('P95 run time')
        .unit('s')
        .gridPos(at(0, 8, 8, 8))
        .withTarget(prom('A', recorded(durationP95, selected), '{{agent_type}}')),
    )
    .withPanel(new TimeSeries().id(4).title('Input tokens per minute').gridPos(at(8, 8, 8, 8)).withTarget(prom('A', promql`${inputTokenRate}{${selected}} * 60`, '{{agent_type}}')))
    .withPanel(
      new TimeSeries()
        .id(5)
        .title('Cost per hour')
        .unit('currencyUSD')
        .gridPos(at(16, 8, 8, 8))
        .withTarget(prom('A', promql`${costRate}{${selected}} * 3600`, '{{agent_type}}')),
    )
    .build(),
};
