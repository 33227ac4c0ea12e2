import { dump } from 'js-yaml';
import { header } from './generated-file';

/** Objects to YAML, serialised once (never string-built), with the do-not-edit header. */
export function toYaml(value: unknown): string {
  return header.yaml + dump(value, { lineWidth: -1, noRefs: true });
}
