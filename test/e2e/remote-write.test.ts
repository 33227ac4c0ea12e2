import { resolve } from 'node:path';
import { load } from 'js-yaml';
import { expect, it } from 'vitest';
import { productionOverrides, renderLocalStack } from '../../generators/local-stack';
import { readSources } from '../../generators/sources';
import { freePort } from '../../stack/process';
import { startPrometheus } from '../../stack/prometheus';

/**
 * Outgrowing one Prometheus: with `prometheus.remoteWrite` in deploy/config.ts the generated
 * config writes every sample to a long-term store. A second real Prometheus on loopback,
 * accepting remote write, stands in for Mimir or Thanos Receive.
 */
it('remote write sends the generated Prometheus samples, with their external labels, to the long-term store', async () => {
  const sources = readSources(resolve(__dirname, '../..'));
  const { settings } = sources.rules;
  const withRemoteWrite = { ...sources, rules: { ...sources.rules, settings: { ...settings, prometheus: { ...settings.prometheus, remoteWrite: { url: 'http://mimir-distributor:8080/api/v1/push', tenant: 'aqe' } } } } };

  const production = load(renderLocalStack(withRemoteWrite, productionOverrides(withRemoteWrite))['prometheus/prometheus.yaml']!) as { remote_write: unknown[]; global: { external_labels: Record<string, string> } };
  expect(production.remote_write).toEqual([{ url: 'http://mimir-distributor:8080/api/v1/push', headers: { 'X-Scope-OrgID': 'aqe' } }]);

  const store = await startPrometheus(undefined, undefined, ['--web.enable-remote-write-receiver']);
  const port = await freePort();
  const files = renderLocalStack(withRemoteWrite, {
    ...productionOverrides(withRemoteWrite),
    timeScale: 60,
    interval: '1s',
    prometheus: { collector: [], collectorTelemetry: [], agents: [], alertmanager: ['127.0.0.1:9'], prometheus: `127.0.0.1:${port}`, remoteWrite: `${store.url}/api/v1/write` },
  });
  const prometheusFiles = Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith('prometheus/')).map(([p, c]) => [p.slice('prometheus/'.length), c]));
  const sender = await startPrometheus(prometheusFiles, port);
  try {
    const deadline = Date.now() + 30_000;
    let received: { metric: Record<string, string> }[] = [];
    while (Date.now() < deadline && received.length === 0) {
      await new Promise((r) => setTimeout(r, 500));
      received = (await store.query('up{job="prometheus"}')).data?.result ?? [];
    }
    expect(received.length).toBe(1);
    // The external labels mark where the samples came from, as the store needs to tell fleets apart.
    expect(received[0]!.metric).toMatchObject(production.global.external_labels);
    // No Alertmanager in this test, and the Watchdog always fires: the notifier's complaint
    // about that is expected; any other line is not.
    expect(sender.output().split('\n').filter((line) => line.trim() !== '' && !line.includes('component=notifier'))).toEqual([]);
  } finally {
    await sender.stop();
    await store.stop();
  }
}, 60_000);
