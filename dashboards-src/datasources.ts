import { SERVICES } from '../core/services';

/**
 * The data sources every dashboard uses and the generated provisioning creates, with
 * fixed uids so a dashboard's reference and Grafana's data source always match.
 */
export const DATASOURCES = {
  prometheus: { type: 'prometheus', uid: 'aqe-prometheus', name: 'Prometheus', url: `http://${SERVICES.prometheus.name}:${SERVICES.prometheus.port}` },
  jaeger: { type: 'jaeger', uid: 'aqe-jaeger', name: 'Jaeger', url: `http://${SERVICES.jaeger.name}:${SERVICES.jaeger.queryPort}` },
  loki: { type: 'loki', uid: 'aqe-loki', name: 'Loki', url: `http://${SERVICES.loki.name}:${SERVICES.loki.port}` },
} as const;

/** The template variable that selects the Prometheus data source on every dashboard. */
export const DATASOURCE_VARIABLE = 'datasource';

/** What Prometheus panels reference: the variable, so a user can switch Prometheus. */
export const PROMETHEUS = { type: DATASOURCES.prometheus.type, uid: `\${${DATASOURCE_VARIABLE}}` };
export const JAEGER = { type: DATASOURCES.jaeger.type, uid: DATASOURCES.jaeger.uid };
export const LOKI = { type: DATASOURCES.loki.type, uid: DATASOURCES.loki.uid };
