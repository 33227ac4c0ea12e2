import { dump } from 'js-yaml';
import { buildStack } from '../../deploy/k8s/app';
import type { DeployConfig } from '../../deploy/config';
import type { AlertingModel } from '../alerting-types';
import { header, type GeneratedFile } from '../generated-file';

/**
 * DeployConfig and the files generated so far -> out/k8s/<set>/<part>.k8s.yaml, synthesised
 * by cdk8s in memory and serialised once, so ConfigMaps carry the other out/ files verbatim.
 */
export function generateK8s(config: DeployConfig, alerting: AlertingModel, produced: readonly GeneratedFile[]): GeneratedFile[] {
  const files = new Map(produced.map((f) => [f.path, f.content]));
  return buildStack({ config, files, alerting }).map(({ set, name, chart }) => ({
    path: `k8s/${set}/${name}.k8s.yaml`,
    content: header.yaml + chart.toJson().map((manifest) => `---\n${dump(manifest, { lineWidth: -1, noRefs: true, sortKeys: false })}`).join(''),
  }));
}
