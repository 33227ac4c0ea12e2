import type { DeployConfig } from '../../deploy/config';
import { jaegerConfig } from '../../deploy/jaeger';
import { lokiConfig } from '../../deploy/loki';
import type { GeneratedFile } from '../generated-file';
import { toYaml } from '../yaml';

/** DeployConfig -> out/jaeger/config.yaml and out/loki/config.yaml, the trace and log stores' configs. */
export function generateBackendConfigs(config: DeployConfig): GeneratedFile[] {
  return [
    { path: 'jaeger/config.yaml', content: toYaml(jaegerConfig(undefined, config.jaeger.store)) },
    { path: 'loki/config.yaml', content: toYaml(lokiConfig(config)) },
  ];
}
