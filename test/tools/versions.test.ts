import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { DEPLOY } from '../../deploy/config';
import { runTool, requireTool } from '../../stack/tools';
import { pinnedVersion } from '../../tools/build';
import { ALERTMANAGER, COLLECTOR, COLLECTOR_BUILDER, GO_COMPONENTS, GRAFANA_IMAGE, imageRef, JAEGER, LOKI_IMAGE, PROMETHEUS } from '../../core/versions';

/**
 * One version table (tools/versions.ts): the Go modules the tools are built from, the images
 * the manifests run, and the binaries the tests start must all say the same release.
 */
const ROOT = resolve(__dirname, '../..');
const goMod = (dir: string) => readFileSync(join(ROOT, 'tools', dir, 'go.mod'), 'utf8');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

/** Every `image:` of every generated manifest. */
function manifestImages(): Set<string> {
  const images = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'image' && typeof v === 'string') images.add(v);
        else walk(v);
      }
    }
  };
  for (const file of filesUnder(join(ROOT, 'out', 'k8s')).filter((f) => f.endsWith('.yaml'))) loadAll(readFileSync(file, 'utf8'), walk);
  return images;
}

describe('the version table', () => {
  it.each(GO_COMPONENTS.map((c) => [c.dir, c] as const))('tools/%s/go.mod pins the table version', (_dir, component) => {
    expect(pinnedVersion(goMod(component.dir), component.goModule)).toBe(component.version);
  });

  it('names Prometheus releases as their module versions do (v0.3xx.y is 3.xx.y)', () => {
    const [, minor, patch] = /^v0\.3(\d\d)\.(\d+)$/.exec(PROMETHEUS.version) ?? [];
    expect(PROMETHEUS.release).toBe(`3.${Number(minor)}.${patch}`);
    expect(PROMETHEUS.image.tag).toBe(`v${PROMETHEUS.release}`);
    expect(ALERTMANAGER.image.tag).toBe(`v${ALERTMANAGER.release}`);
    expect(`v${ALERTMANAGER.release}`).toBe(ALERTMANAGER.version);
    expect(JAEGER.image.tag).toBe(JAEGER.release);
  });

  it("keeps the Jaeger pair of the module's own changelog", () => {
    // The module's CHANGELOG heads each release "v1.x.y / v2.x.y"; the pin must be one such pair.
    const changelog = runTool('go', ['mod', 'download', '-json', `${JAEGER.goModule}@${JAEGER.version}`]);
    const dir = (JSON.parse(changelog.output) as { Dir: string }).Dir;
    expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toContain(`${JAEGER.version} / v${JAEGER.release}`);
  });

  it('is where the manifests take their images from, and they run no other release', () => {
    const images = manifestImages();
    const pinned = [COLLECTOR.image, PROMETHEUS.image, ALERTMANAGER.image, GRAFANA_IMAGE, JAEGER.image, LOKI_IMAGE].map(imageRef);
    for (const image of pinned) expect(images, image).toContain(image);
    // Nothing else but the CLI's own image: no component runs a release the table does not pin.
    expect([...images].filter((i) => i !== DEPLOY.images.cli && !pinned.includes(i))).toEqual([]);
  });

  it('pins the OCB manifest to one collector release', () => {
    const manifest = load(readFileSync(join(ROOT, 'out/otel-collector/builder-config.yaml'), 'utf8')) as Record<string, { gomod: string }[] | { gomod: string }>;
    const modules = Object.values(manifest).flatMap((v) => (Array.isArray(v) ? v : 'gomod' in v ? [v] : [])).map((m) => m.gomod);
    expect(modules.length).toBeGreaterThan(5);
    for (const gomod of modules) expect([COLLECTOR.core, COLLECTOR.stable, COLLECTOR.contrib], gomod).toContain(gomod.split(' ')[1]);
    expect(COLLECTOR_BUILDER.version).toBe(COLLECTOR.core);
  });
});

describe('the built binaries', () => {
  it.each([
    ['prometheus', ['--version'], PROMETHEUS.release],
    ['promtool', ['--version'], PROMETHEUS.release],
    ['alertmanager', ['--version'], ALERTMANAGER.release],
    ['amtool', ['--version'], ALERTMANAGER.release],
    ['jaeger', ['version'], JAEGER.release],
    ['otelcol', ['--version'], COLLECTOR.core.slice(1)],
  ] as const)('%s reports the pinned release', (tool, args, release) => {
    const run = runTool(requireTool(tool), args);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain(release);
  });

  it('the collector distribution has exactly the component types the generated config uses', () => {
    const config = load(readFileSync(join(ROOT, 'out/otel-collector/config.yaml'), 'utf8')) as Record<string, Record<string, unknown> | undefined>;
    const run = runTool(requireTool('otelcol'), ['components']);
    expect(run.status, run.output).toBe(0);
    const built = load(run.output) as Record<string, { name: string }[] | undefined>;
    for (const kind of ['receivers', 'processors', 'exporters', 'extensions', 'connectors']) {
      const used = [...new Set(Object.keys(config[kind] ?? {}).map((id) => id.split('/')[0]))].sort();
      expect((built[kind] ?? []).map((c) => c.name).sort(), kind).toEqual(used);
    }
  });
});
