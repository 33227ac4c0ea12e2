import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../core/services';
import { DEPLOY } from '../../deploy/config';
import { ADAPTATIONS_PATH, type AdaptationsDocument } from '../../runtime/adaptation-client';

/**
 * The contract between the generated controller Deployment (deploy/k8s/feedback.ts) and the
 * CLI: one instance that never overlaps itself, its args run by the CLI as they are (only the
 * address moved to loopback and a free port, given after them, where the last one wins), the
 * probe path it answers, and the port the Service, probes and network policy agree on.
 */
const ROOT = resolve(__dirname, '../..');
const base = (file: string) => loadAll(readFileSync(resolve(ROOT, 'out/k8s/base', file), 'utf8')) as any[];
const objects = base('feedback.k8s.yaml');
const deployment = objects.find((o) => o?.kind === 'Deployment');
const service = objects.find((o) => o?.kind === 'Service');
const container = deployment.spec.template.spec.containers[0];
const argValue = (flag: string) => container.args[container.args.indexOf(flag) + 1] as string;

describe('the feedback controller Deployment', () => {
  it('runs one instance, and a rollout stops the old one before starting the new', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy.type).toBe('Recreate');
    expect(deployment.metadata.name).toBe(SERVICES.feedback.name);
  });

  it('serves the channel on one port that the container, probes, Service and network policy agree on', () => {
    const port = Number(argValue('--port'));
    expect(container.ports.map((p: any) => p.containerPort)).toEqual([port]);
    expect(container.livenessProbe.httpGet.port).toBe(port);
    expect(container.readinessProbe.httpGet.port).toBe(port);
    expect(service.spec.ports.map((p: any) => [p.port, p.targetPort])).toEqual([[SERVICES.feedback.port, port]]);
    const policy = base('network-policies.k8s.yaml').find((p) => p?.spec?.podSelector?.matchLabels?.['app.kubernetes.io/name'] === SERVICES.feedback.name);
    expect(policy.spec.ingress.flatMap((r: any) => r.ports.map((p: any) => p.port))).toEqual([port]);
    expect(argValue('--host')).toBe('0.0.0.0');
  });

  it('uses the CLI image, the deploy config\'s mode, and sends its own telemetry to the collector', () => {
    expect(container.image).toBe(DEPLOY.images.cli);
    expect(argValue('--mode')).toBe(DEPLOY.feedback.mode);
    const endpoint = container.env.find((e: any) => e.name === 'OTEL_EXPORTER_OTLP_ENDPOINT').value;
    expect(endpoint).toBe(`http://${SERVICES.collector.name}:${DEPLOY.collector.ports.otlpHttp}`);
  });

  it('its args start the controller with the CLI: the probe path answers, the channel publishes in the configured mode, SIGTERM exits 0', async () => {
    const state = resolve(ROOT, 'node_modules/.cache/feedback-deployment-test.json');
    const args = [...container.args, '--host', '127.0.0.1', '--port', '0', '--state', state, '--json'];
    const child = spawn(process.execPath, [resolve(ROOT, 'cli/aqe.js'), ...args], { cwd: ROOT, env: { ...process.env, OTEL_SDK_DISABLED: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      const deadline = Date.now() + 60_000;
      while (!stdout.includes('\n')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the controller did not start: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const started = JSON.parse(stdout.split('\n')[0]!) as { mode: string; adaptations: string };
      expect(started.mode).toBe(DEPLOY.feedback.mode);
      const origin = new URL(started.adaptations).origin;
      expect(new URL(started.adaptations).pathname).toBe(ADAPTATIONS_PATH);

      const health = await fetch(origin + container.readinessProbe.httpGet.path);
      expect(health.status).toBe(200);
      const document = (await (await fetch(started.adaptations)).json()) as AdaptationsDocument;
      expect(document.mode).toBe(DEPLOY.feedback.mode);
      expect(document.generation).toBeGreaterThanOrEqual(1);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 90_000);
});
