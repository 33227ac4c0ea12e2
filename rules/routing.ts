import type { Inhibition, SeverityTiming, Severity } from './define';
import { agentType, coverageType, cweCategory, gateName, project } from '../schema/labels';
import { agentFailureRate } from './agents';
import { highTokenUsage } from './cost';
import { performanceDegradation } from './agents';

/** How Alertmanager batches and repeats notifications, by severity (spec 12.2: alert fatigue). */
export const TIMING: Readonly<Record<Severity, SeverityTiming>> = {
  // A page goes out at once; still firing, it repeats hourly until someone acts.
  critical: { groupWait: '0s', groupInterval: '1m', repeatInterval: '1h' },
  warning: { groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' },
  info: { groupWait: '1m', groupInterval: '10m', repeatInterval: '24h' },
};

/**
 * One notification per incident: per alert and agent type, gate, project, CWE or coverage
 * type, not one per series. A label that tells two incidents apart must be here, or the second
 * waits for the first's group interval (and, while the first fires, notifies nobody).
 */
export const GROUP_BY = [agentType, gateName, project, cweCategory, coverageType];

export const INHIBITIONS: readonly Inhibition[] = [
  {
    source: agentFailureRate,
    targets: [performanceDegradation, highTokenUsage],
    equal: [agentType],
    why: 'Failing runs are retried: they slow the agent type down and burn its tokens. Fix the failures first.',
  },
];
