/**
 * The one version table. The tests and `npm run stack` run binaries built from these Go
 * module versions (tools/build.ts, into a cache outside the repository), and the Kubernetes
 * manifests run the images of the same releases (deploy/config.ts derives its image tags from
 * here). A test fails when a tools/<component>/go.mod pins another version than this table.
 *
 * To move a pin: change it here, run `go get <module>@<version>` in tools/<component>/ (or,
 * for the collector, regenerate: the OCB manifest in out/otel-collector/ follows this table),
 * then `npm run generate` and the tests.
 */

/** A component built from a Go module of its own (tools/<dir>/go.mod) with `go build`. */
export interface GoComponent {
  /** Folder under tools/ holding the pinning module (go.mod, go.sum). */
  readonly dir: string;
  readonly goModule: string;
  /** The module version, as in go.mod. */
  readonly version: string;
  /** The release the module version is (what the project and its image tags call it). */
  readonly release: string;
  /** Package paths inside the module, each built into a binary of its last path element. */
  readonly commands: readonly string[];
  /** Image repository and the tag of `release` in it. */
  readonly image: { readonly repository: string; readonly tag: string };
  /** The Go variable the project's own release builds stamp with `release` (`--version`, build info). */
  readonly versionVariable?: string;
  /**
   * Folders, relative to the module, that the code embeds (`//go:embed`) but the module zip does
   * not ship (built web UI assets). The build compiles a copy of the module with a placeholder
   * page there; the APIs the tests use are unaffected.
   */
  readonly unshippedEmbeds?: readonly string[];
}

/**
 * Prometheus modules are tagged v0.3xx.y for release 3.xx.y (Go modules cannot be v3 without
 * a path change); a test checks the two columns agree.
 */
export const PROMETHEUS: GoComponent = {
  dir: 'prometheus',
  goModule: 'github.com/prometheus/prometheus',
  version: 'v0.316.0',
  release: '3.16.0',
  commands: ['cmd/prometheus', 'cmd/promtool'],
  image: { repository: 'prom/prometheus', tag: 'v3.16.0' },
  versionVariable: 'github.com/prometheus/common/version.Version',
};

export const ALERTMANAGER: GoComponent = {
  dir: 'alertmanager',
  goModule: 'github.com/prometheus/alertmanager',
  version: 'v0.35.0',
  release: '0.35.0',
  commands: ['cmd/alertmanager', 'cmd/amtool'],
  image: { repository: 'prom/alertmanager', tag: 'v0.35.0' },
  versionVariable: 'github.com/prometheus/common/version.Version',
  unshippedEmbeds: ['ui/app/dist/elm', 'ui/app/dist/mantine'],
};

/**
 * Jaeger tags its Go module v1.x for each v2 release (CHANGELOG.md: "v1.76.0 / v2.13.0"); the
 * `cmd/jaeger` program is Jaeger v2.
 */
export const JAEGER: GoComponent = {
  dir: 'jaeger',
  goModule: 'github.com/jaegertracing/jaeger',
  version: 'v1.76.0',
  release: '2.13.0',
  commands: ['cmd/jaeger'],
  image: { repository: 'jaegertracing/jaeger', tag: '2.13.0' },
  versionVariable: 'github.com/jaegertracing/jaeger/internal/version.latestVersion',
};

/** The OpenTelemetry Collector Builder, which builds the collector from out/otel-collector/builder-config.yaml. */
export const COLLECTOR_BUILDER: GoComponent = {
  dir: 'ocb',
  goModule: 'go.opentelemetry.io/collector/cmd/builder',
  version: 'v0.165.0',
  release: '0.165.0',
  commands: ['.'],
  image: { repository: 'otel/opentelemetry-collector-builder', tag: '0.165.0' },
};

/**
 * One collector release: core modules at `core`, stable core modules (confmap providers...) at
 * `stable`, contrib at `contrib`. Every component of the generated distribution is pinned to
 * the line it belongs to, so they always come from one release.
 */
export const COLLECTOR = {
  core: 'v0.165.0',
  stable: 'v1.71.0',
  contrib: 'v0.165.1',
  /** Name of the distribution built from out/otel-collector/builder-config.yaml (its binary too). */
  distribution: 'otelcol-aqe',
  /** The upstream distribution the manifests run: a superset of the components the OCB manifest lists. */
  image: { repository: 'otel/opentelemetry-collector-contrib', tag: '0.165.1' },
} as const;

/** Images that are not built here (AGPL: validated offline, never run). */
export const GRAFANA_IMAGE = { repository: 'grafana/grafana', tag: '13.2.3' } as const;
export const LOKI_IMAGE = { repository: 'grafana/loki', tag: '3.7.0' } as const;

/** The components tools/build.ts builds with `go build` from their pinning modules. */
export const GO_COMPONENTS: readonly GoComponent[] = [PROMETHEUS, ALERTMANAGER, JAEGER, COLLECTOR_BUILDER];

export function imageRef(image: { readonly repository: string; readonly tag: string }): string {
  return `${image.repository}:${image.tag}`;
}
