import { prometheusName } from '../../core/prometheus-name';
import { formatDuration, parseDuration } from '../../core/duration';
import { didYouMean } from '../../generators/nearest';
import { DEFAULT_BOUNDS } from '../../feedback/adaptation';
import { DEFAULT_STATE_FILE, readStateFile, STATE_FILE_ENV, stateFilePath, type FeedbackStateFile } from '../../feedback/state-file';
import { feedbackAction, feedbackBehaviour, feedbackMode, agentType } from '../../schema/labels';
import { feedbackAdaptations } from '../../schema/metrics/feedback';
import type { Command, Context } from '../command';
import { EXIT, FailedError, UsageError } from '../errors';
import { checkReadableIfThere } from '../files';
import { flagValue, freeText, parsed } from '../flags';
import { instantQuery } from '../http';
import { table } from '../output';

const LABELS = [agentType.name, feedbackBehaviour.name, feedbackAction.name, feedbackMode.name];
const HISTORY_SHOWN = 20;
const FLAGS = {
  state: freeText('a file path'),
  window: parsed('duration', 'a Prometheus duration such as 15m or 1h', (t) => ((parseDuration(t) ?? 0) > 0 ? t : undefined)),
};

export const feedback: Command = {
  name: 'feedback',
  summary: 'the feedback loop: recent adaptations, their triggers, cooldowns, counts (feedback status)',
  usage: [
    'aqe telemetry feedback status [--state <file>] [--window <duration>]',
    '',
    'Reads the feedback loop\'s state file: its mode (on, dry-run), the adaptations in force, the',
    `latest ${HISTORY_SHOWN} decisions with their trigger (observed value against threshold) and mode, and the`,
    'cooldowns still running. Then asks Prometheus how many adaptations of each kind were',
    `counted over --window (default 1h) in ${prometheusName(feedbackAdaptations.name, feedbackAdaptations.kind)}.`,
    `--state <file>   the state file (else $${STATE_FILE_ENV}, else ${DEFAULT_STATE_FILE})`,
    '--window <d>     Prometheus duration for the counts (default 1h)',
    'Exit 1 when the state file is missing or not a state file, 3 when Prometheus is unreachable.',
  ].join('\n'),
  arguments: ['status'],
  options: { state: { type: 'string' }, window: { type: 'string' } },
  flags: FLAGS,
  async run(context, positionals, values) {
    const [sub] = positionals;
    if (sub !== 'status') throw new UsageError(`expected "feedback status", not "feedback ${positionals.join(' ')}"${sub ? didYouMean(sub, ['status']) : ''} (aqe telemetry feedback --help)`);
    const window = flagValue(values, 'window', FLAGS.window) ?? '1h';
    const given = flagValue(values, 'state', FLAGS.state);
    const path = stateFilePath(given, context.io.env);
    checkReadableIfThere(path, given !== undefined ? '--state' : context.io.env[STATE_FILE_ENV] ? STATE_FILE_ENV : 'the default state file');
    let state: FeedbackStateFile;
    try {
      state = readStateFile(path);
    } catch (error) {
      throw new FailedError((error as Error).message);
    }
    const counts = await adaptationCounts(context, window);
    const report = toReport(path, state, counts, Date.now());
    if (context.json) context.io.out(JSON.stringify(report, null, 2) + '\n');
    else print(context, report);
    return EXIT.ok;
  },
};

async function adaptationCounts(context: Context, window: string) {
  const query = `sum by (${LABELS.join(', ')}) (increase(${prometheusName(feedbackAdaptations.name, feedbackAdaptations.kind)}[${window}])) > 0`;
  const samples = await instantQuery(context.config, query);
  const rows = samples
    .map((s) => ({ labels: Object.fromEntries(LABELS.map((l) => [l, s.metric[l] ?? ''])), count: Math.round(Number(s.value[1])) }))
    // increase() extrapolates to the window's edges: 1.02 is one adaptation.
    .sort((a, b) => b.count - a.count || JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
  return { window, query, rows };
}

function toReport(path: string, state: FeedbackStateFile, counts: Awaited<ReturnType<typeof adaptationCounts>>, now: number) {
  const initial = DEFAULT_BOUNDS;
  const changed = Object.entries(state.adaptations.agentTypes)
    .filter(([, s]) => s.concurrencyLimit !== initial.concurrency.initial || s.circuit !== 'closed' || s.circuitArmed || s.model !== undefined || s.extraAgents > 0 || s.retryPolicy.maxRetries !== initial.retries.initial.maxRetries)
    .map(([agentType, s]) => ({ agentType, concurrencyLimit: s.concurrencyLimit, circuit: s.circuit, circuitArmed: s.circuitArmed, ...(s.circuitReason ? { circuitReason: s.circuitReason } : {}), maxRetries: s.retryPolicy.maxRetries, ...(s.model ? { model: s.model } : {}), extraAgents: s.extraAgents }));
  return {
    stateFile: path,
    mode: state.mode,
    timeScale: state.timeScale,
    updatedAt: new Date(state.updatedAt).toISOString(),
    ...(state.lastError ? { lastError: state.lastError } : {}),
    adaptations: changed,
    throttles: state.adaptations.throttles,
    quarantinedProjects: state.adaptations.quarantinedProjects,
    cooldowns: state.cooldowns.filter((c) => c.until > now).map((c) => ({ ...c, until: new Date(c.until).toISOString(), remainingMs: c.until - now })),
    recent: state.history.slice(-HISTORY_SHOWN).reverse().map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
    counts,
  };
}

type Report = ReturnType<typeof toReport>;

const seconds = (ms: number) => (ms >= 1000 ? formatDuration(Math.round(ms / 1000) * 1000) : `${Math.max(0, Math.round(ms))}ms`);
const num = (value: number) => String(Math.round(value * 1000) / 1000);

function print({ io, paint }: Context, r: Report): void {
  const age = Date.now() - Date.parse(r.updatedAt);
  const mode = r.mode === 'on' ? paint.ok('on') : r.mode === 'dry-run' ? paint.warn('dry-run (decides and records, does not act)') : r.mode;
  io.out(`Feedback loop: ${mode}${r.timeScale !== 1 ? `, time x${r.timeScale}` : ''}; state of ${r.updatedAt} (${seconds(age)} ago) from ${r.stateFile}\n`);
  if (r.lastError) io.out(paint.bad(`last observation failed: ${r.lastError}`) + '\n');

  io.out('\nIn force' + (r.mode === 'dry-run' ? ' (what dry-run would have applied)' : '') + ':\n');
  const inForce = [
    ...r.adaptations.map((a) => [a.agentType, `concurrency ${a.concurrencyLimit}`, `circuit ${a.circuit === 'closed' ? a.circuit : paint.bad(a.circuit)}${a.circuitArmed ? ' (armed)' : ''}`, `retries ${a.maxRetries}`, a.model ? `model ${a.model}` : '', a.extraAgents ? `+${a.extraAgents} agents` : '']),
    ...Object.entries(r.throttles).map(([op, rate]) => [op, `throttled to ${num(rate)}/s`]),
    ...r.quarantinedProjects.map((p) => [p, 'flaky tests quarantined']),
  ];
  io.out(inForce.length > 0 ? table(inForce.map((row) => ['  ' + row[0], ...row.slice(1).filter(Boolean)])) : '  nothing: every agent type runs with its defaults\n');

  io.out('\nCooldowns:\n');
  io.out(r.cooldowns.length > 0 ? table([['  BEHAVIOUR', 'SUBJECT', 'REMAINING', 'UNTIL'], ...r.cooldowns.map((c) => ['  ' + c.behaviour, c.subject, seconds(c.remainingMs), c.until])]) : '  none running\n');

  io.out(`\nRecent adaptations (newest first, at most ${HISTORY_SHOWN}):\n`);
  io.out(
    r.recent.length > 0
      ? table([
          ['  AT', 'BEHAVIOUR', 'SUBJECT', 'ACTION', 'MODE', 'TRIGGER', 'OBSERVED', 'THRESHOLD', 'DETAIL'],
          ...r.recent.map((h) => ['  ' + h.at, h.behaviour, h.subject, h.action, h.mode === 'applied' ? paint.ok(h.mode) : paint.warn(h.mode), h.trigger, num(h.observed), num(h.threshold), h.detail]),
        ])
      : '  none yet\n',
  );

  io.out(`\nAdaptations counted by Prometheus over the last ${r.counts.window}${r.timeScale !== 1 ? ' (Prometheus time: the loop runs compressed, its history may be shorter)' : ''}:\n`);
  io.out(paint.dim('  ' + r.counts.query) + '\n');
  io.out(r.counts.rows.length > 0 ? table([['  AGENT TYPE', 'BEHAVIOUR', 'ACTION', 'MODE', 'COUNT'], ...r.counts.rows.map((c) => ['  ' + (c.labels.agent_type ?? ''), c.labels.behaviour ?? '', c.labels.action ?? '', c.labels.mode ?? '', num(c.count)])]) : '  none\n');
}
