import { COLLECTOR } from '../core/versions';
import type { CollectorConfig } from './collector';
import { COMPONENT_MODULES, PROVIDER_MODULES, TELEMETRY_MODULE, type ComponentKind } from './collector-components';

/**
 * The OpenTelemetry Collector Builder (OCB) manifest of a minimal distribution: exactly the
 * component types a collector config uses, each at the one release of tools/versions.ts.
 * tools/build.ts builds the tests' collector from it; users can build their own image from it.
 */

export interface BuilderManifest {
  dist: { module: string; name: string; description: string; version: string; output_path: string };
  receivers?: { gomod: string }[];
  processors?: { gomod: string }[];
  exporters?: { gomod: string }[];
  extensions?: { gomod: string }[];
  connectors?: { gomod: string }[];
  providers: { gomod: string }[];
  telemetry: { gomod: string; import: string };
}

const KINDS: readonly ComponentKind[] = ['receivers', 'processors', 'exporters', 'extensions', 'connectors'];
const typeOf = (id: string) => id.split('/')[0] ?? id;

/** Component types a config uses that no entry of deploy/collector-components.ts builds. */
export function unknownComponentTypes(config: CollectorConfig): { kind: ComponentKind; type: string }[] {
  const unknown: { kind: ComponentKind; type: string }[] = [];
  for (const kind of KINDS) {
    const section = (config as unknown as Record<string, Record<string, unknown> | undefined>)[kind] ?? {};
    for (const type of new Set(Object.keys(section).map(typeOf))) if (!COMPONENT_MODULES[kind][type]) unknown.push({ kind, type });
  }
  return unknown;
}

export function builderManifest(config: CollectorConfig): BuilderManifest {
  const components: Partial<Record<ComponentKind, { gomod: string }[]>> = {};
  for (const kind of KINDS) {
    const section = (config as unknown as Record<string, Record<string, unknown> | undefined>)[kind] ?? {};
    const modules = [...new Set(Object.keys(section).map(typeOf))]
      .sort()
      .flatMap((type) => {
        const module = COMPONENT_MODULES[kind][type];
        return module ? [{ gomod: `${module.gomod} ${COLLECTOR[module.line]}` }] : [];
      });
    if (modules.length > 0) components[kind] = modules;
  }
  const name = COLLECTOR.distribution;
  return {
    dist: {
      module: `aqe-telemetry/${name}`,
      name,
      description: 'The aqe-telemetry collector: exactly the components of out/otel-collector/config.yaml',
      version: COLLECTOR.core.slice(1),
      output_path: `./${name}`,
    },
    ...components,
    providers: PROVIDER_MODULES.map((gomod) => ({ gomod: `${gomod} ${COLLECTOR.stable}` })),
    telemetry: { gomod: `${TELEMETRY_MODULE.gomod} ${COLLECTOR.core}`, import: TELEMETRY_MODULE.import },
  };
}
