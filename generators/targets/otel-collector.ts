import { collectorConfig } from '../../deploy/collector';
import { builderManifest } from '../../deploy/collector-distribution';
import type { DeployConfig } from '../../deploy/config';
import type { GeneratedFile } from '../generated-file';
import { toYaml } from '../yaml';

/**
 * DeployConfig -> out/otel-collector/config.yaml (checked by generators/collector-check.ts) and
 * builder-config.yaml, the OCB manifest of a distribution with exactly the components it uses.
 */
export function generateCollectorConfig(config: DeployConfig): GeneratedFile[] {
  const collector = collectorConfig(config);
  return [
    { path: 'otel-collector/config.yaml', content: toYaml(collector) },
    { path: 'otel-collector/builder-config.yaml', content: toYaml(builderManifest(collector)) },
  ];
}
