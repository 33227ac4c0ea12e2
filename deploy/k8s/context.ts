import type { AlertingModel } from '../../generators/alerting-types';
import type { DeployConfig } from '../config';

/** What every part of the stack is built from: the deploy config, and the other generated files. */
export interface StackContext {
  readonly config: DeployConfig;
  /** out/ files generated before the manifests, by path (`prometheus/prometheus.yaml`): ConfigMaps carry them verbatim. */
  readonly files: ReadonlyMap<string, string>;
  readonly alerting: AlertingModel;
}

/** The content of a generated file, or a clear error when a part asks for one that is not generated. */
export function fileContent(context: StackContext, path: string): string {
  const content = context.files.get(path);
  if (content === undefined) throw new Error(`the manifests need out/${path}, which no generator produced`);
  return content;
}

/** Every generated file under a directory of out/, keyed by file name (ConfigMap keys). */
export function filesUnder(context: StackContext, dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, content] of context.files) {
    if (path.startsWith(`${dir}/`) && !path.slice(dir.length + 1).includes('/')) out[path.slice(dir.length + 1)] = content;
  }
  return out;
}

/** Labels every object of the stack carries. */
export function labelsFor(component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': component, 'app.kubernetes.io/part-of': 'aqe-observability', 'app.kubernetes.io/managed-by': 'aqe-telemetry' };
}
