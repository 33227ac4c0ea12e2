import { prometheusName } from '../../core/prometheus-name';
import { formatDuration, parseDuration } from '../../core/duration';
import { didYouMean } from '../../generators/nearest';
import { DEFAULT_BOUNDS } from '../../feedback/adaptation';
import { startFeedbackService } from '../../feedback/service';
import { ADAPTATIONS_PATH } from '../../runtime/adaptation-client';
import { STATE_PATH } from '../../feedback/channel';
import { DEFAULT_STATE_FILE, parseStateFile, readStateFile, STATE_FILE_ENV, stateFilePath, type FeedbackStateFile } from '../../feedback/state-file';
import { feedbackAction, feedbackBehaviour, feedbackMode, agentType } from '../../schema/labels';
import { feedbackAdaptations } from '../../schema/metrics/feedback';
import { CONTROLLER_MODES } from '../../core/feedback-mode';
import { SERVICES } from '../../core/services';
import type { Command, Context, Values } from '../command';
import { EXIT, FailedError, UsageError } from '../errors';
import { checkReadableIfThere } from '../files';
import { flagValue, freeText, oneOf, parsed, positiveNumber } from '../flags';
import { instantQuery, isWebPage, requestAt, unexpectedAnswer } from '../http';
import { table } from '../output';

/** The channel's port: what deploy/k8s/feedback.ts serves on, and the default here. */
const DEFAULT_PORT = SERVICES.feedback.port;
const CONTROLLER = 'The feedback controller';
const LABELS = [agentType.name, feedbackBehaviour.name, feedbackAction.name, feedbackMode.name];
const HISTORY_SHOWN = 20;
const SUBCOMMANDS = ['status', 'serve'] as const;
const FLAGS = {
  state: freeText('a file path'),
  controller: parsed('text', 'the URL of a running `feedback serve`, such as http://127.0.0.1:8080', (t) => (/^https?:\/\/[^/\s]+/.test(t) && URL.canParse(t) ? t : undefined)),
  window: parsed('duration', 'a Prometheus duration such as 15m or 1h', (t) => ((parseDuration(t) ?? 0) > 0 ? t : undefined)),
  mode: oneOf(CONTROLLER_MODES),
  host: freeText('an address to listen on, such as 0.0.0.0 or 127.0.0.1'),
  port: parsed('text', 'a port number from 0 (any free port) to 65535', (t) => (/^\d{1,5}$/.test(t) && Number(t) <= 65_535 ? Number(t) : undefined)),
  'time-scale': positiveNumber('simulated seconds per real second'),
};

export const feedback: Command = {
  name: 'feedback',
  summary: 'the feedback loop: recent adaptations, their triggers, cooldowns, counts (feedback status)',
  usage: [
    'aqe telemetry feedback status [--state <file> | --controller <url>] [--window <duration>]',
    'aqe telemetry feedback serve [--mode dry-run|on] [--host <address>] [--port <n>] [--state <file>]',
    '',
    'serve: runs the fleet\'s one feedback controller until SIGTERM or SIGINT. It observes the',
    'fleet through Prometheus (--prometheus) every 15 s, decides, and publishes the adaptations',
    `agents obey at http://<host>:<port>${ADAPTATIONS_PATH} (agents set AQE_FEEDBACK_URL to http://<host>:<port>).`,
    '--mode dry-run (the default) decides and records but publishes nothing to obey. Its own',
    'metrics, spans and logs leave through the OTEL_* variables. Run one instance only.',
    `--host <address>  default 127.0.0.1; 0.0.0.0 in a pod. --port <n>  default ${DEFAULT_PORT}, 0 for any free port.`,
    '--time-scale <n>  for compressed test stacks only: windows and cooldowns shrink by n.',
    '',
    'status:',
    'Reads the feedback loop\'s state file: its mode (on, dry-run), the adaptations in force, the',
    `latest ${HISTORY_SHOWN} decisions with their trigger (observed value against threshold) and mode, and the`,
    'cooldowns still running. Then asks Prometheus how many adaptations of each kind were',
    `counted over --window (default 1h) in ${prometheusName(feedbackAdaptations.name, feedbackAdaptations.kind)}.`,
    `--state <file>   the state file (else $${STATE_FILE_ENV}, else ${DEFAULT_STATE_FILE})`,
    `--controller <url>  instead, ask a running \`feedback serve\` (${STATE_PATH}), e.g. through kubectl port-forward`,
    '--window <d>     Prometheus duration for the counts (default 1h)',
    'Exit 1 when the state file is missing or not a state file, 3 when the controller or Prometheus is unreachable.',
  ].join('\n'),
  arguments: [SUBCOMMANDS.join('|')],
  options: { state: { type: 'string' }, controller: { type: 'string' }, window: { type: 'string' }, mode: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, 'time-scale': { type: 'string' } },
  flags: FLAGS,
  async run(context, positionals, values) {
    const [sub] = positionals;
    if (sub === 'serve') return serve(context, values);
    if (sub !== 'status') throw new UsageError(`expected "feedback ${SUBCOMMANDS.join('" or "feedback ')}", not "feedback ${positionals.join(' ')}"${sub ? didYouMean(sub, SUBCOMMANDS) : ''} (aqe telemetry feedback --help)`);
    const window = flagValue(values, 'window', FLAGS.window) ?? '1h';
    const controller = flagValue(values, 'controller', FLAGS.controller);
    if (controller !== undefined && values.state !== undefined) throw new UsageError('feedback status reads --state <file> or --controller <url>, not both (aqe telemetry feedback --help)');
    const { source, state } = controller !== undefined ? await fromController(controller) : fromFile(context, flagValue(values, 'state', FLAGS.state));
    const counts = await adaptationCounts(context, window);
    const report = toReport(source, state, counts, Date.now());
    if (context.json) context.io.out(JSON.stringify(report, null, 2) + '\n');
    else print(context, report);
    return EXIT.ok;
  },
};

type Source = { readonly stateFile: string } | { readonly controller: string };

function fromFile(context: Context, given: string | undefined): { source: Source; state: FeedbackStateFile } {
  const path = stateFilePath(given, context.io.env);
  checkReadableIfThere(path, given !== undefined ? '--state' : context.io.env[STATE_FILE_ENV] ? STATE_FILE_ENV : 'the default state file');
  try {
    return { source: { stateFile: path }, state: readStateFile(path) };
  } catch (error) {
    throw new FailedError((error as Error).message);
  }
}

/** The state a running controller serves (`feedback serve`): what its state file would hold. */
async function fromController(url: string): Promise<{ source: Source; state: FeedbackStateFile }> {
  const base = url.replace(/\/+$/, '');
  const answer = await requestAt(CONTROLLER, base, STATE_PATH);
  if (!answer.ok || isWebPage(answer)) throw unexpectedAnswer(CONTROLLER, base, STATE_PATH, answer, 'the feedback controller\'s state');
  try {
    return { source: { controller: base }, state: parseStateFile(answer.text, `${CONTROLLER} at ${base}${STATE_PATH}`) };
  } catch (error) {
    throw new FailedError(`${(error as Error).message}; is --controller the address of \`aqe telemetry feedback serve\`?`);
  }
}

/** Runs the controller until the process is asked to stop; then flushes and exits 0. */
async function serve(context: Context, values: Values): Promise<number> {
  const mode = flagValue(values, 'mode', FLAGS.mode) ?? 'dry-run';
  const port = flagValue(values, 'port', FLAGS.port) ?? DEFAULT_PORT;
  const host = flagValue(values, 'host', FLAGS.host) ?? '127.0.0.1';
  const stateFile = flagValue(values, 'state', FLAGS.state);
  const timeScale = flagValue(values, 'time-scale', FLAGS['time-scale']) ?? 1;
  const prometheusUrl = context.config.prometheus.url;
  let service;
  try {
    service = await startFeedbackService({ prometheusUrl, mode, host, port, timeScale, ...(stateFile ? { stateFile } : {}) });
  } catch (error) {
    throw new FailedError(`the adaptation channel cannot listen on ${host}:${port}: ${(error as Error).message}; choose another --port or --host`);
  }
  const started = { mode, prometheus: prometheusUrl, prometheusFrom: context.config.prometheus.from, adaptations: service.channel.url + ADAPTATIONS_PATH, pollMs: service.controller.pollMs };
  context.io.out(context.json ? JSON.stringify(started) + '\n' : `Feedback controller: ${mode}, observing ${prometheusUrl} (${started.prometheusFrom}) every ${seconds(started.pollMs)}; adaptations at ${started.adaptations}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await service.stop();
  return EXIT.ok;
}

async function adaptationCounts(context: Context, window: string) {
  const query = `sum by (${LABELS.join(', ')}) (increase(${prometheusName(feedbackAdaptations.name, feedbackAdaptations.kind)}[${window}])) > 0`;
  const samples = await instantQuery(context.config, query);
  const rows = samples
    .map((s) => ({ labels: Object.fromEntries(LABELS.map((l) => [l, s.metric[l] ?? ''])), count: Math.round(Number(s.value[1])) }))
    // increase() extrapolates to the window's edges: 1.02 is one adaptation.
    .sort((a, b) => b.count - a.count || JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
  return { window, query, rows };
}

function toReport(source: Source, state: FeedbackStateFile, counts: Awaited<ReturnType<typeof adaptationCounts>>, now: number) {
  const initial = DEFAULT_BOUNDS;
  const changed = Object.entries(state.adaptations.agentTypes)
    .filter(([, s]) => s.concurrencyLimit !== initial.concurrency.initial || s.circuit !== 'closed' || s.circuitArmed || s.model !== undefined || s.extraAgents > 0 || s.retryPolicy.maxRetries !== initial.retries.initial.maxRetries)
    .map(([agentType, s]) => ({ agentType, concurrencyLimit: s.concurrencyLimit, circuit: s.circuit, circuitArmed: s.circuitArmed, ...(s.circuitReason ? { circuitReason: s.circuitReason } : {}), maxRetries: s.retryPolicy.maxRetries, ...(s.model ? { model: s.model } : {}), extraAgents: s.extraAgents }));
  return {
    ...source,
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
  io.out(`Feedback loop: ${mode}${r.timeScale !== 1 ? `, time x${r.timeScale}` : ''}; state of ${r.updatedAt} (${seconds(age)} ago) from ${'stateFile' in r ? r.stateFile : r.controller}\n`);
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
