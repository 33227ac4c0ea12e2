import { collectorConfig } from '../../deploy/collector';
import type { DeployConfig } from '../../deploy/config';
import type { GeneratedFile } from '../generated-file';
import { toYaml } from '../yaml';

/** DeployConfig -> out/otel-collector/config.yaml (checked by generators/collector-check.ts). */
export function generateCollectorConfig(config: DeployConfig): GeneratedFile[] {
  return [{ path: 'otel-collector/config.yaml', content: toYaml(collectorConfig(config)) }];
}
