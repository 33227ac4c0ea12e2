import type { Rules } from './define';
import { AGENT_RULES } from './agents';
import { CHANNELS, deadMansSwitch, pagerduty, slackOps } from './channels';
import { COST_RULES } from './cost';
import { QUALITY_RULES } from './quality';
import { META_RULES, QE_SIGNAL_RULES, watchdog } from './meta';
import { GROUP_BY, INHIBITIONS, TIMING } from './routing';
import { SCHEDULES } from './schedules';
import { SECURITY_RULES } from './security';
import { SETTINGS } from './settings';
import { SLO_RULES } from './slo';

/** Everything rules/ declares: what `npm run generate` turns into Prometheus and Alertmanager config. */
export const rules: Rules = {
  files: [AGENT_RULES, COST_RULES, QUALITY_RULES, SECURITY_RULES, SLO_RULES, META_RULES, QE_SIGNAL_RULES],
  channels: CHANNELS,
  defaultChannel: slackOps,
  unroutedCriticalChannel: pagerduty,
  groupBy: GROUP_BY,
  timing: TIMING,
  // Every minute: set the switch to page after about five missed.
  heartbeat: { alert: watchdog, channel: deadMansSwitch, every: '1m' },
  inhibitions: INHIBITIONS,
  schedules: SCHEDULES,
  settings: SETTINGS,
};
