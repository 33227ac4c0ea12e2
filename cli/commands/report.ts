import { REPORT_NAMES, REPORT_WEBHOOK_ENV, type ReportName } from '../../core/reports';
import { didYouMean } from '../../generators/nearest';
import { stringValue, type Command, type Context, type Values } from '../command';
import { EXIT, UsageError } from '../errors';
import { checkWritable } from '../files';
import { flagValue, freeText, parsed } from '../flags';
import { buildDaily } from '../report/daily';
import { postWebhook, redactUrl, webhookPayload, writeReportFiles, type Rendered } from '../report/deliver';
import { parseRecipients, sendEmail, SMTP_ENV, smtpSettings, type SmtpSettings } from '../report/email';
import { renderHtml } from '../report/html';
import { renderMarkdown } from '../report/markdown';
import type { Report } from '../report/model';
import { buildWeekly } from '../report/weekly';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

const FLAGS = {
  at: parsed('time', 'an RFC 3339 time such as 2026-11-23T08:00:00Z', (t) => (RFC3339.test(t) && !Number.isNaN(Date.parse(t)) ? Math.floor(Date.parse(t) / 1000) : undefined)),
  out: freeText('a file or directory'),
  // Checked in planReport without echoing it: a webhook URL is usually a secret.
  webhook: freeText('an http(s) URL'),
  email: freeText('e-mail addresses, comma-separated'),
};

const BUILDERS: Readonly<Record<ReportName, (config: Context['config'], end: number) => Promise<Report>>> = { daily: buildDaily, weekly: buildWeekly };

/** What a run will do, resolved from the arguments alone (`--dry-run` prints it). */
export interface ReportPlan {
  readonly report: ReportName;
  /** Unix seconds. */
  readonly end: number;
  readonly out?: string;
  readonly webhook?: { readonly url: string; readonly from: string };
  readonly email?: { readonly to: readonly string[]; readonly smtp: SmtpSettings };
}

export const report: Command = {
  name: 'report',
  summary: 'the daily quality summary or the weekly cost report, as Markdown and HTML',
  usage: [
    'aqe telemetry report daily|weekly [--at <RFC3339>] [--out <file|dir>] [--webhook <url>] [--email <to>] [--dry-run]',
    '',
    'daily   the last 24 h: tests run and pass rate, coverage by project (and its drop from the',
    "        day's high), flaky tests, quality gates, security findings, agent runs and the",
    '        agent types that fail most, with charts over the day (spec 8.3 DailyQualitySummary)',
    'weekly  the last 7 days: model spend in total, by agent type, by model and per day, tokens,',
    '        hours saved per dollar, each against the week before (spec 8.3 WeeklyCostReport)',
    '',
    '--at <time>       end of the window, RFC 3339 (2026-11-23T08:00:00Z); default now',
    '--out <path>      write <path>.md and <path>.html (a .md/.html ending is replaced); for a',
    '                  directory (existing, or ending in /): <dir>/<report>-<date>.{md,html}',
    `--webhook <url>   POST the report as JSON (else $${REPORT_WEBHOOK_ENV}):`,
    '                  {"text": markdown, "title", "report": "daily"|"weekly", "start", "end" (RFC 3339),',
    '                   "markdown", "html"}; "text" makes a Slack incoming webhook show the Markdown',
    '--email <to>      send it as an e-mail (HTML, with the Markdown as plain text) to these',
    `                  addresses (comma-separated), over SMTP: $${SMTP_ENV.smarthost} (host:port; 465 is TLS,`,
    `                  else STARTTLS, required unless $${SMTP_ENV.requireTls}=false), $${SMTP_ENV.from}, and`,
    `                  $${SMTP_ENV.username} / $${SMTP_ENV.password} when the server wants a login`,
    '--dry-run         check the arguments and print what would be done; query nothing',
    '',
    'Without --out, --webhook or --email the Markdown goes to stdout; with --json, the report data instead',
    '(numbers Prometheus had no data for are null). The HTML is one self-contained page with',
    'inline SVG charts and no script, fit for e-mail. Exit 1 when the webhook answers other than',
    '2xx or the SMTP server refuses, 3 when Prometheus, the webhook or the SMTP server is unreachable.',
  ].join('\n'),
  arguments: [REPORT_NAMES.join('|')],
  options: { at: { type: 'string' }, out: { type: 'string', short: 'o' }, webhook: { type: 'string' }, email: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  flags: FLAGS,
  async run(context, positionals, values) {
    const plan = planReport(positionals, values, context.io.env);
    if (values['dry-run'] === true) {
      // Secrets stay out of the output: the webhook's path, the SMTP password.
      const email = plan.email && { to: plan.email.to, smtp: `${plan.email.smtp.host}:${plan.email.smtp.port}`, from: plan.email.smtp.from, login: plan.email.smtp.username !== undefined };
      const shown = { ...plan, at: new Date(plan.end * 1000).toISOString(), prometheus: context.config.prometheus.url, webhook: plan.webhook && { url: redactUrl(plan.webhook.url), from: plan.webhook.from }, email };
      const deliveries = [plan.out && `write ${plan.out}`, shown.webhook && `post to ${shown.webhook.url} (${shown.webhook.from})`, email && `mail ${email.to.join(', ')} through ${email.smtp}`].filter(Boolean);
      context.io.out(context.json ? JSON.stringify(shown, null, 2) + '\n' : `would render the ${plan.report} report ending ${shown.at} from ${shown.prometheus}, then ${deliveries.length > 0 ? deliveries.join(', ') : 'print Markdown'}\n`);
      return EXIT.ok;
    }
    const built = await BUILDERS[plan.report](context.config, plan.end);
    const rendered: Rendered = { report: built, markdown: renderMarkdown(built), html: renderHtml(built) };
    if (plan.out !== undefined) {
      for (const path of writeReportFiles(plan.out, rendered)) context.io.err(`wrote ${path}\n`);
    }
    if (plan.webhook) {
      const status = await postWebhook(plan.webhook.url, webhookPayload(rendered));
      context.io.err(`posted the ${plan.report} report to ${redactUrl(plan.webhook.url)} (${status})\n`);
    }
    if (plan.email) {
      const answer = await sendEmail(plan.email.smtp, plan.email.to, rendered);
      context.io.err(`mailed the ${plan.report} report to ${plan.email.to.join(', ')} through ${plan.email.smtp.host}:${plan.email.smtp.port} (${answer})\n`);
    }
    if (context.json) context.io.out(JSON.stringify(built, null, 2) + '\n');
    else if (plan.out === undefined && !plan.webhook && !plan.email) context.io.out(rendered.markdown);
    return EXIT.ok;
  },
};

/** The arguments of `report`, checked: every usage error before any query. */
export function planReport(positionals: readonly string[], values: Values, env: Readonly<Record<string, string | undefined>>): ReportPlan {
  const [name] = positionals;
  if (name === undefined) throw new UsageError(`report needs one of ${REPORT_NAMES.join('|')}`);
  if (!(REPORT_NAMES as readonly string[]).includes(name)) throw new UsageError(`unknown report "${name}"${didYouMean(name, REPORT_NAMES)}: expected ${REPORT_NAMES.join(' or ')}`);
  const end = flagValue(values, 'at', FLAGS.at) ?? Math.floor(Date.now() / 1000);
  const out = flagValue(values, 'out', FLAGS.out);
  // Missing directories are created; one that cannot be is said before any query.
  if (out !== undefined) checkWritable(out, '--out', { createDirs: true, intoDirectory: true });
  const flag = stringValue(values, 'webhook');
  const fromEnv = env[REPORT_WEBHOOK_ENV];
  const webhook = flag !== undefined ? { url: flag, from: '--webhook' } : fromEnv ? { url: fromEnv, from: REPORT_WEBHOOK_ENV } : undefined;
  if (webhook) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(webhook.url);
    } catch {
      parsed = undefined;
    }
    // Not echoed back whole: a webhook URL is usually a secret.
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw new UsageError(`${webhook.from}: not an http(s) URL`);
  }
  const emailTo = stringValue(values, 'email');
  const email = emailTo !== undefined ? { to: parseRecipients(emailTo), smtp: smtpSettings(env) } : undefined;
  return { report: name as ReportName, end, ...(out !== undefined ? { out } : {}), ...(webhook ? { webhook } : {}), ...(email ? { email } : {}) };
}
