import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { SCRAPE_JOBS } from '../../core/services';
import { productionOverrides, renderLocalStack } from '../../generators/local-stack';
import { readSources } from '../../generators/sources';

/**
 * The local stack runs out/ with only addresses, paths and the time scale changed: rendered
 * with the production values of those, its files are byte for byte the committed ones. A
 * generator that made the local stack differ in anything else would break this.
 */
const ROOT = resolve(__dirname, '../..');

describe('generators/local-stack.ts', () => {
  const sources = readSources(ROOT);
  const files = renderLocalStack(sources, productionOverrides(sources));

  it('renders, with the production addresses, paths and time, exactly the files of out/', () => {
    expect(Object.keys(files).length).toBeGreaterThan(sources.rules.files.length + 3);
    for (const [path, content] of Object.entries(files)) {
      expect(content, `out/${path}`).toBe(readFileSync(join(ROOT, 'out', path), 'utf8'));
    }
  });

  it('changes what the overrides name, and nothing else', () => {
    const local = renderLocalStack(sources, {
      ...productionOverrides(sources),
      alertmanager: { secretsDir: '/tmp/s', pagerdutyEventsUrl: 'http://127.0.0.1:1/pagerduty/v2/enqueue', smtpSmarthost: '127.0.0.1:2' },
    });
    const changed = Object.keys(files).filter((path) => local[path] !== files[path]);
    expect(changed).toEqual(['alertmanager/alertmanager.yaml']);
    const lines = (text: string) => text.split('\n');
    const differing = lines(local['alertmanager/alertmanager.yaml']!).filter((line, i) => line !== lines(files['alertmanager/alertmanager.yaml']!)[i]);
    for (const line of differing) expect(line).toMatch(/127\.0\.0\.1|\/tmp\/s\//);
  });

  it('sends to and scrapes every local Alertmanager replica it is given, as the cluster\'s DNS name lists them', () => {
    const alertmanagers = ['127.0.0.1:20001', '127.0.0.1:20002'];
    const local = renderLocalStack(sources, {
      ...productionOverrides(sources),
      prometheus: { collector: ['127.0.0.1:1'], collectorTelemetry: ['127.0.0.1:2'], agents: [], alertmanager: alertmanagers, prometheus: '127.0.0.1:3' },
    });
    const config = load(local['prometheus/prometheus.yaml']!) as any;
    expect(config.alerting.alertmanagers).toEqual([{ static_configs: [{ targets: alertmanagers }] }]);
    expect(config.scrape_configs.find((j: any) => j.job_name === SCRAPE_JOBS.alertmanager).static_configs).toEqual([{ targets: alertmanagers }]);
  });
});
