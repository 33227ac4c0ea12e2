import type { Chart } from 'cdk8s';
import { ConfigMap, EnvValue, Secret, Volume } from 'cdk8s-plus-27';
import { DASHBOARDS_PATH, SERVICES } from '../../core/services';
import { filesUnder, labelsFor, type StackContext } from './context';
import { hardenedContainer } from './hardened';
import { addSingleInstance } from './single-instance';
import { scratchVolume } from './storage';

/**
 * Grafana, provisioned entirely from out/grafana/: the data sources, the dashboard
 * provider, and the dashboards at DASHBOARDS_PATH where that provider reads them. Nothing
 * is edited in the UI (the provider disallows it), so Grafana's own database is an emptyDir.
 */
export function addGrafana(chart: Chart, context: StackContext): void {
  const { config } = context;
  const { name, port } = SERVICES.grafana;
  const labels = labelsFor(name);

  // Each generated directory becomes one ConfigMap, its files verbatim, mounted where Grafana reads it.
  const generated = [
    { id: 'datasources', dir: 'grafana/provisioning/datasources', suffix: '.yaml', path: '/etc/grafana/provisioning/datasources', required: true },
    { id: 'dashboard-providers', dir: 'grafana/provisioning/dashboards', suffix: '.yaml', path: '/etc/grafana/provisioning/dashboards', required: true },
    // A project may have no dashboards yet: Grafana then starts with an empty folder.
    { id: 'dashboards', dir: 'grafana/dashboards', suffix: '.json', path: DASHBOARDS_PATH, required: false },
  ].map(({ id, dir, suffix, path, required }) => {
    const data = Object.fromEntries(Object.entries(filesUnder(context, dir)).filter(([file]) => file.endsWith(suffix)));
    if (required && Object.keys(data).length === 0) throw new Error(`the manifests need out/${dir}/*${suffix}, which no generator produced`);
    const configMap = new ConfigMap(chart, `grafana-${id}`, { metadata: { name: `${name}-${id}`, labels }, data });
    return { data, path, volume: Volume.fromConfigMap(chart, `grafana-${id}-volume`, configMap, { name: id }) };
  });

  // A reference by name: the operator creates the Secret, the manifests never hold the password.
  const admin = Secret.fromSecretName(chart, 'grafana-admin', config.grafanaAdminSecret);

  addSingleInstance(chart, {
    name,
    component: 'dashboards',
    user: 472,
    mountedFiles: generated.flatMap(({ data }) => Object.keys(data).sort().map((file) => `${file}\n${data[file]}`)),
    container: {
      ...hardenedContainer({
        name,
        image: config.images.grafana,
        ports: [{ name: 'http', number: port }],
        probe: { path: '/api/health', port },
        cpuMillis: { request: 100, limit: 500 },
        memoryMiB: { request: 128, limit: 512 },
        user: 472,
      }),
      envVariables: {
        GF_SECURITY_ADMIN_PASSWORD: EnvValue.fromSecretValue({ secret: admin, key: 'admin-password' }),
        // Log to stdout only: the default file log under /var/log/grafana is on the read-only root.
        GF_LOG_MODE: EnvValue.fromValue('console'),
        GF_ANALYTICS_REPORTING_ENABLED: EnvValue.fromValue('false'),
        GF_ANALYTICS_CHECK_FOR_UPDATES: EnvValue.fromValue('false'),
      },
      volumeMounts: [
        // The database, plugins and sessions; DASHBOARDS_PATH is mounted inside it.
        { path: '/var/lib/grafana', volume: scratchVolume(chart, 'grafana-data', 'data') },
        { path: '/tmp', volume: scratchVolume(chart, 'grafana-tmp', 'tmp') },
        ...generated.map(({ path, volume }) => ({ path, volume, readOnly: true })),
      ],
    },
    servicePorts: [{ name: 'http', port }],
  });
}
