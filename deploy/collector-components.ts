import { COLLECTOR } from '../core/versions';

/**
 * Which Go module implements each collector component type the config may use, and on which
 * of the release's lines (tools/versions.ts COLLECTOR) its version is. The OCB manifest
 * (out/otel-collector/builder-config.yaml) lists exactly the types the generated config uses,
 * so a distribution built from it has nothing more; a type missing here fails generation
 * with the name to add.
 */

export type ComponentKind = 'receivers' | 'processors' | 'exporters' | 'extensions' | 'connectors';

export interface ComponentModule {
  readonly gomod: string;
  readonly line: keyof Pick<typeof COLLECTOR, 'core' | 'contrib'>;
}

const CORE = 'go.opentelemetry.io/collector';
const CONTRIB = 'github.com/open-telemetry/opentelemetry-collector-contrib';

export const COMPONENT_MODULES: Readonly<Record<ComponentKind, Readonly<Record<string, ComponentModule>>>> = {
  receivers: {
    otlp: { gomod: `${CORE}/receiver/otlpreceiver`, line: 'core' },
    prometheus: { gomod: `${CONTRIB}/receiver/prometheusreceiver`, line: 'contrib' },
  },
  processors: {
    batch: { gomod: `${CORE}/processor/batchprocessor`, line: 'core' },
    memory_limiter: { gomod: `${CORE}/processor/memorylimiterprocessor`, line: 'core' },
    resource: { gomod: `${CONTRIB}/processor/resourceprocessor`, line: 'contrib' },
  },
  exporters: {
    debug: { gomod: `${CORE}/exporter/debugexporter`, line: 'core' },
    otlp_grpc: { gomod: `${CORE}/exporter/otlpexporter`, line: 'core' },
    otlp_http: { gomod: `${CORE}/exporter/otlphttpexporter`, line: 'core' },
    prometheus: { gomod: `${CONTRIB}/exporter/prometheusexporter`, line: 'contrib' },
    prometheusremotewrite: { gomod: `${CONTRIB}/exporter/prometheusremotewriteexporter`, line: 'contrib' },
    loadbalancing: { gomod: `${CONTRIB}/exporter/loadbalancingexporter`, line: 'contrib' },
    datadog: { gomod: `${CONTRIB}/exporter/datadogexporter`, line: 'contrib' },
  },
  extensions: {
    health_check: { gomod: `${CONTRIB}/extension/healthcheckextension`, line: 'contrib' },
  },
  connectors: {},
};

/**
 * Confmap providers: how the collector reads its config (`--config=<file>`, `file:`), and the
 * `${env:...}` references that carry vendor keys. Stable modules, on the release's stable line.
 */
export const PROVIDER_MODULES: readonly string[] = [`${CORE}/confmap/provider/envprovider`, `${CORE}/confmap/provider/fileprovider`];

/** The collector's own telemetry (`service.telemetry`): part of the service module of the core line. */
export const TELEMETRY_MODULE = { gomod: `${CORE}/service`, import: `${CORE}/service/telemetry/otelconftelemetry` } as const;
