import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/errors';
import { DEPLOY } from '../../deploy/config';
import { startCollector } from '../../stack/collector';
import { freePort, type RunningProcess } from '../../stack/process';
import { until } from '../support/arrival';

/**
 * The package as an agent in another repository gets it: `npm pack` (prepack builds dist/), the
 * tarball installed into a fresh project, docs/quickstart.md's tsconfig and agent file compiled there
 * as written, once as CommonJS and once as ESM, and run against a real collector (the distribution
 * built from out/otel-collector/builder-config.yaml); its metrics are scraped from the collector's
 * Prometheus exporter and its spans read where the collector forwards them over OTLP.
 */

const ROOT = resolve(__dirname, '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string>; devDependencies: Record<string, string> };
const QUICKSTART = readFileSync(join(ROOT, 'docs/quickstart.md'), 'utf8');
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'out/schema.json'), 'utf8')) as {
  metrics: { helperName: string; prometheusName: string }[];
  spans: { helperName: string; nameTemplate: string }[];
};

/** The quickstart's fenced block of a language after a heading containing `heading`. */
function block(heading: string, lang: string): string {
  const section = QUICKSTART.indexOf(heading);
  expect(section, `docs/quickstart.md has no section "${heading}"`).toBeGreaterThanOrEqual(0);
  const start = QUICKSTART.indexOf(`\`\`\`${lang}\n`, section) + lang.length + 4;
  return QUICKSTART.slice(start, QUICKSTART.indexOf('```', start));
}

const AGENT = block('src/agent.ts', 'ts');
const TSCONFIG = block('Compile settings', 'json');
/** The metric the agent counts: the first helper of the schema the quickstart's code calls. */
const COUNTED = SCHEMA.metrics.find((m) => new RegExp(`\\b${m.helperName}\\.`).test(AGENT));
const SPAN = SCHEMA.spans.find((s) => AGENT.includes(`with${s.helperName[0]!.toUpperCase()}${s.helperName.slice(1, -'Span'.length)}Span(`));

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}, timeout = 120_000) {
  const result = spawnSync(command, [...args], { cwd, encoding: 'utf8', timeout, env: { ...process.env, ...env } });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

interface ReceivedSpan { service: string; name: string; attributes: Record<string, unknown> }

let work: string;
/** Paths inside the tarball, without npm's `package/` prefix. */
let packed: string[];
let collector: RunningProcess;
let sink: Server;
const spans: ReceivedSpan[] = [];
let metricsUrl: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'aqe-pack-'));
  // The tarball a user would get; prepack runs the build.
  const pack = run('npm', ['pack', '--silent', '--pack-destination', work], ROOT);
  expect(pack.status, pack.output).toBe(0);
  const tarball = join(work, pack.output.trim().split('\n').pop()!);
  const list = run('tar', ['tzf', tarball], work);
  expect(list.status, list.output).toBe(0);
  packed = list.output.trim().split('\n').map((p) => p.replace(/^package\//, ''));

  // One fresh project (its own package.json and node_modules). --prefer-offline: the tarballs are in
  // npm's cache since `npm ci`, which does not cache the registry's metadata (--offline fails with
  // ENOTCACHED), so at most that is fetched. The two consumers are folders of it with their own "type".
  const project = join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, `@types/node@${PACKAGE.devDependencies['@types/node']}`], project, {}, 180_000);
  expect(install.status, install.output).toBe(0);

  // Traces: collector -> OTLP/HTTP (JSON) -> this sink.
  sink = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: { name: string; attributes?: KeyValue[] }[] }[] }[] };
      for (const rs of body.resourceSpans ?? []) {
        const service = String(valueOf(rs.resource?.attributes, 'service.name'));
        for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) spans.push({ service, name: s.name, attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, a.value.stringValue ?? a.value.intValue])) });
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  sink.listen(0, '127.0.0.1');
  await once(sink, 'listening');
  const [otlp, prometheus, health] = [await freePort(), await freePort(), await freePort()];
  metricsUrl = `http://127.0.0.1:${prometheus}/metrics`;
  process.env.AQE_PACK_OTLP = `http://127.0.0.1:${otlp}`;
  collector = await startCollector(
    JSON.stringify({
      extensions: { health_check: { endpoint: `127.0.0.1:${health}` } },
      receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${otlp}` } } } },
      processors: { batch: { timeout: '100ms' } },
      exporters: {
        prometheus: { endpoint: `127.0.0.1:${prometheus}` },
        otlphttp: { endpoint: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`, encoding: 'json', compression: 'none' },
      },
      service: {
        extensions: ['health_check'],
        telemetry: { metrics: { level: 'none' } },
        pipelines: { metrics: { receivers: ['otlp'], processors: ['batch'], exporters: ['prometheus'] }, traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['otlphttp'] } },
      },
    }),
    `http://127.0.0.1:${health}/`,
    'otel-collector (pack-install)',
  );
}, 300_000);

afterAll(async () => {
  await collector?.stop();
  sink?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface KeyValue { key: string; value: { stringValue?: string; intValue?: string } }
function valueOf(attributes: KeyValue[] | undefined, key: string): unknown {
  const found = attributes?.find((a) => a.key === key);
  return found?.value.stringValue ?? found?.value.intValue;
}

/** A consumer folder of the project: the quickstart's tsconfig and agent file, `code` instead of the agent if given. */
function consumer(name: string, type: 'commonjs' | 'module', code = AGENT): string {
  const dir = join(work, 'consumer', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type }));
  writeFileSync(join(dir, 'tsconfig.json'), TSCONFIG);
  writeFileSync(join(dir, 'src/agent.ts'), code);
  return dir;
}

describe('the packed package in a fresh project', () => {
  it('the quickstart names a metric and a span of the schema', () => {
    expect(COUNTED, 'the quickstart agent calls no metric helper of out/schema.json').toBeDefined();
    expect(SPAN, 'the quickstart agent opens no span helper of out/schema.json').toBeDefined();
  });

  for (const type of ['commonjs', 'module'] as const) {
    it(`compiles and runs the quickstart agent as ${type === 'module' ? 'ESM' : 'CommonJS'}; its metric and span reach the collector`, async () => {
      const service = `quickstart-${type}`;
      const dir = consumer(service, type);
      const tsc = run(process.execPath, [TSC, '-p', dir], dir);
      expect(tsc.output).toBe('');
      expect(tsc.status).toBe(0);
      const agent = run(process.execPath, ['dist/agent.js'], dir, { OTEL_SERVICE_NAME: service, OTEL_EXPORTER_OTLP_ENDPOINT: process.env.AQE_PACK_OTLP! }, 60_000);
      expect(agent.output).toBe('');
      expect(agent.status).toBe(0);

      // shutdownTelemetry flushed before exit: the collector has it within its batch timeout.
      const line = await until(`${COUNTED!.prometheusName} of ${service}`, async () => {
        const text = await (await fetch(metricsUrl)).text();
        return text.split('\n').find((l) => l.startsWith(COUNTED!.prometheusName) && l.includes(`job="${service}"`));
      });
      expect(line).toMatch(/ 1$/);
      const span = await until(`a span of ${service}`, async () => spans.find((s) => s.service === service));
      const attribute = SPAN!.nameTemplate.match(/\{(.+?)\}/)?.[1];
      expect(span.name).toBe(attribute ? SPAN!.nameTemplate.replace(`{${attribute}}`, String(span.attributes[attribute])) : SPAN!.nameTemplate);
    }, 120_000);
  }

  it('a misspelt label key does not compile in the consumer', () => {
    const misspelt = AGENT.replace(/\{ agent_type:/, '{ agent_typo:');
    expect(misspelt).not.toBe(AGENT);
    const dir = consumer('misspelt', 'commonjs', misspelt);
    const tsc = run(process.execPath, [TSC, '-p', dir, '--noEmit'], dir);
    expect(tsc.status).not.toBe(0);
    expect(tsc.output).toMatch(/src\/agent\.ts\(\d+,\d+\): error TS\d+: .*agent_typo/);
  });

  it("runs the installed `aqe` bin from compiled JS, without ts-node", () => {
    const bin = run(join(work, 'consumer/node_modules/.bin/aqe'), ['telemetry', '--help'], join(work, 'consumer'));
    expect(bin.output).toContain('telemetry');
    expect(bin.output).not.toMatch(/ts-node|Cannot find module/);
  });
});

/** The Dockerfile's instructions, continuation lines joined. */
function dockerfile(): { instruction: string; value: string }[] {
  return readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
    .map((line) => {
      const [instruction, ...rest] = line.trim().split(/\s+/);
      return { instruction: instruction!.toUpperCase(), value: rest.join(' ') };
    });
}

interface Container { image?: string; command?: string[]; args?: string[] }
interface PodTemplate { spec?: { containers?: Container[] } }
interface Manifest { kind?: string; spec?: { template?: PodTemplate; jobTemplate?: { spec?: { template?: PodTemplate } } } }
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
/** Every container of a workload of this kind in out/k8s that runs the CLI image (by the config's repository). */
function cliContainers(kind: 'CronJob' | 'Deployment' = 'CronJob'): Container[] {
  const repository = DEPLOY.images.cli.replace(/[:@][^/]*$/, '');
  return walk(join(ROOT, 'out/k8s'))
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => (loadAll(readFileSync(f, 'utf8')) as Manifest[]).filter((m) => m?.kind === kind))
    .flatMap((m) => (kind === 'CronJob' ? m.spec?.jobTemplate?.spec?.template : m.spec?.template)?.spec?.containers ?? [])
    .filter((c) => c.image?.startsWith(repository));
}

// Not built here (no Docker engine on the test machines): what can be checked without one.
describe('the CLI image (Dockerfile) the report CronJobs and the feedback controller run', () => {
  const steps = dockerfile();
  const workdir = steps.filter((s) => s.instruction === 'WORKDIR').pop()?.value ?? '/';
  const entrypoint = JSON.parse(steps.find((s) => s.instruction === 'ENTRYPOINT')?.value ?? '[]') as string[];

  it('copies only what the package ships (and the lock file the install follows)', () => {
    const copies = steps.filter((s) => s.instruction === 'COPY').map((s) => s.value.split(/\s+/).filter((w) => !w.startsWith('--')).slice(0, -1));
    expect(copies.length).toBeGreaterThan(0);
    for (const source of copies.flat()) {
      // npm never packs the lock file; the image installs from it so its dependencies are the tested ones.
      if (source === 'package-lock.json') expect(existsSync(join(ROOT, source))).toBe(true);
      else if (source.endsWith('/')) expect(packed.some((p) => p.startsWith(source)), `COPY ${source}: nothing of it is in the tarball`).toBe(true);
      else expect(packed, `COPY ${source}: not in the tarball`).toContain(source);
    }
  });

  it("runs the package's aqe bin as its ENTRYPOINT, and the CronJobs give it only args", () => {
    const bin = PACKAGE.bin.aqe!.replace(/^\.\//, '');
    expect(packed).toContain(bin);
    expect(entrypoint).toEqual(['node', `${workdir}/${bin}`]);
    const containers = cliContainers();
    expect(containers.length).toBeGreaterThan(0);
    for (const container of containers) {
      expect(container.image).toBe(DEPLOY.images.cli);
      expect(container.command).toBeUndefined();
      expect(container.args?.slice(0, 2)).toEqual(['telemetry', 'report']);
    }
    const [controller, ...more] = cliContainers('Deployment');
    expect(more).toEqual([]);
    expect(controller?.command).toBeUndefined();
    expect(controller?.args?.slice(0, 3)).toEqual(['telemetry', 'feedback', 'serve']);
  });

  it('is tagged with the package version', () => {
    expect(DEPLOY.images.cli, 'deploy/config.ts images.cli: tag it with package.json\'s version, the code it holds').toMatch(new RegExp(`:${PACKAGE.version.replace(/\./g, '\\.')}$`));
  });

  it("the ENTRYPOINT with a CronJob's args runs the installed package (a backend it cannot reach is exit 3, not a missing module)", () => {
    const installed = join(work, 'consumer/node_modules', PACKAGE.name);
    const [command, script] = entrypoint;
    // The report and its backend; the delivery flags after them need the CronJob's secrets.
    const cronArgs = cliContainers()[0]!.args!;
    const url = cronArgs.findIndex((a) => /^https?:\/\//.test(a));
    expect(url).toBeGreaterThan(0);
    const args = [...cronArgs.slice(0, url), 'http://127.0.0.1:9'];
    const report = run(command === 'node' ? process.execPath : command!, [script!.replace(workdir, installed), ...args], work);
    expect(report.output).not.toMatch(/Cannot find module|ts-node/);
    expect(report.status, report.output).toBe(EXIT.unreachable);
  });

  it("the ENTRYPOINT with the feedback controller's args runs from the installed package: it answers its probe and exits 0 on SIGTERM", async () => {
    const installed = join(work, 'consumer/node_modules', PACKAGE.name);
    const [command, script] = entrypoint;
    // The pod's address and state path moved to loopback and a temp dir: the last value wins.
    const args = [...cliContainers('Deployment')[0]!.args!, '--host', '127.0.0.1', '--port', '0', '--state', join(work, 'feedback-state.json'), '--json'];
    const child = spawn(command === 'node' ? process.execPath : command!, [script!.replace(workdir, installed), ...args], { cwd: work, env: { ...process.env, OTEL_SDK_DISABLED: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const exited = once(child, 'exit');
    try {
      const deadline = Date.now() + 30_000;
      while (!stdout.includes('\n')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the controller did not start from the package: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const { adaptations } = JSON.parse(stdout.split('\n')[0]!) as { adaptations: string };
      expect((await fetch(new URL('/healthz', adaptations))).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect((await exited)[0]).toBe(0);
    expect(stderr).not.toMatch(/Cannot find module|ts-node/);
  }, 60_000);
});
