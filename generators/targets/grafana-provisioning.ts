import { DASHBOARDS_PATH } from '../../core/services';
import { DATASOURCES } from '../../dashboards-src/datasources';
import type { GeneratedFile } from '../generated-file';
import { toYaml } from '../yaml';

/**
 * out/grafana/provisioning/: the three data sources with the uids the dashboards use,
 * wired for trace <-> log correlation, and the provider that loads the dashboards.
 */

/**
 * `scrapeInterval` is Prometheus' (rules/settings.ts): Grafana's `timeInterval`, from which it
 * derives `$__rate_interval` (at least four scrapes), so every panel's rate holds enough samples.
 */
export function generateGrafanaProvisioning(scrapeInterval: string): GeneratedFile[] {
  const { prometheus, jaeger, loki } = DATASOURCES;
  const datasources = {
    apiVersion: 1,
    datasources: [
      {
        name: prometheus.name,
        uid: prometheus.uid,
        type: prometheus.type,
        access: 'proxy',
        url: prometheus.url,
        isDefault: true,
        editable: false,
        jsonData: { httpMethod: 'POST', timeInterval: scrapeInterval, exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: jaeger.uid }] },
      },
      {
        name: jaeger.name,
        uid: jaeger.uid,
        type: jaeger.type,
        access: 'proxy',
        url: jaeger.url,
        editable: false,
        jsonData: {
          // From a span to its logs: Loki holds the agents' OTLP logs with trace_id.
          tracesToLogsV2: {
            datasourceUid: loki.uid,
            filterByTraceID: true,
            filterBySpanID: false,
            spanStartTimeShift: '-5m',
            spanEndTimeShift: '5m',
            customQuery: false,
          },
          nodeGraph: { enabled: true },
        },
      },
      {
        name: loki.name,
        uid: loki.uid,
        type: loki.type,
        access: 'proxy',
        url: loki.url,
        editable: false,
        jsonData: {
          maxLines: 1000,
          // From a log line to its trace: Loki 3 keeps the OTLP trace id as structured metadata.
          derivedFields: [
            { name: 'TraceID', matcherType: 'label', matcherRegex: 'trace_id', datasourceUid: jaeger.uid, url: '$${__value.raw}', urlDisplayLabel: 'Open trace' },
          ],
        },
      },
    ],
  };
  const providers = {
    apiVersion: 1,
    providers: [
      {
        name: 'aqe',
        orgId: 1,
        folder: 'AQE',
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: 60,
        options: { path: DASHBOARDS_PATH, foldersFromFilesStructure: false },
      },
    ],
  };
  return [
    { path: 'grafana/provisioning/datasources/aqe.yaml', content: toYaml(datasources) },
    { path: 'grafana/provisioning/dashboards/aqe.yaml', content: toYaml(providers) },
  ];
}
