import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jaegerConfig } from '../../deploy/jaeger';
import { toYaml } from '../../generators/yaml';
import { requireTool, runTool } from '../../stack/tools';

/**
 * Jaeger's trace store, Badger on a claim by default and Elasticsearch or OpenSearch to scale
 * out (deploy/config.ts `jaeger.store`): each generated config is accepted by the real Jaeger's
 * own validation (`jaeger validate`), which a malformed one is not.
 */
function validate(config: Record<string, unknown>): { status: number | null; output: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'aqe-jaeger-cfg-')), 'config.yaml');
  writeFileSync(file, toYaml(config));
  return runTool(requireTool('jaeger'), ['validate', `--config=${file}`]);
}

describe('the Jaeger config', () => {
  it.each([
    ['Badger on a claim (the default)', undefined],
    ['Elasticsearch', { kind: 'elasticsearch', urls: ['http://elasticsearch:9200'] } as const],
    ['OpenSearch', { kind: 'opensearch', urls: ['https://opensearch-0:9200', 'https://opensearch-1:9200'], indexPrefix: 'fleet' } as const],
  ])('with %s passes jaeger validate', (_store, store) => {
    const result = validate(jaegerConfig(undefined, store));
    expect(result.status, result.output).toBe(0);
  });

  it('a malformed one does not (the validation is real)', () => {
    const config = jaegerConfig(undefined, { kind: 'elasticsearch', urls: ['http://elasticsearch:9200'] });
    (config.extensions as Record<string, Record<string, unknown>>).jaeger_query!.no_such_option = true;
    expect(validate(config).status).not.toBe(0);
  });
});
