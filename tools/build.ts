import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { load, dump } from 'js-yaml';
import { binaryName, cacheRoot, COLLECTOR_BINARY, COLLECTOR_MANIFEST, collectorDir, componentDir, TOOLS_DIR, toolPath } from './cache';
import { GO_COMPONENTS, type GoComponent } from '../core/versions';

/**
 * `npm run tools`: build whatever is missing from the cache (tools/cache.ts) — Prometheus and
 * promtool, Alertmanager and amtool, Jaeger v2, the Collector Builder, and the collector
 * distribution of out/otel-collector/builder-config.yaml — each from its pinned Go module.
 * A cached build is reused; a failed one says which and exits 1, leaving no half-built folder.
 * `npm run tools -- --list` prints where each binary is, building nothing.
 */

class BuildError extends Error {}

/** The version a tools/<dir>/go.mod requires of the component's module, if any. */
export function pinnedVersion(goMod: string, goModule: string): string | undefined {
  const escaped = goModule.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, 'm').exec(goMod)?.[1];
}

function run(command: string, args: readonly string[], cwd: string, what: string): void {
  const result = spawnSync(command, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    // GOTOOLCHAIN=local: a pin that needs a newer Go than the machine's fails here, clearly,
    // instead of the go command downloading a toolchain behind the build's back.
    env: { ...process.env, GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? 'local', GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
  });
  if (result.error) throw new BuildError(`${what}: cannot run ${command}: ${result.error.message} (is Go 1.26 on PATH?)`);
  if (result.status !== 0) throw new BuildError(`${what}: \`${command} ${args.join(' ')}\` in ${cwd} exited with ${result.status ?? result.signal}`);
}

/** Builds into a temporary sibling folder and renames it into place, so a folder that exists is complete. */
function buildInto(finalDir: string, build: (dir: string) => void): void {
  const staging = `${finalDir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    build(staging);
    rmSync(finalDir, { recursive: true, force: true });
    renameSync(staging, finalDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

const PLACEHOLDER_PAGE = '<!doctype html><title>not built</title><p>This build has no web UI: its assets are not in the Go module. The HTTP API works.</p>\n';

/**
 * A copy of the component's module (from the module cache) with a placeholder page in each
 * folder it embeds but does not ship, and a go.mod beside the pinning one that replaces the
 * module with that copy. Returns the `go build` flag that selects it.
 */
function withPlaceholderAssets(component: GoComponent, moduleDir: string, staging: string): string[] {
  const label = `${component.dir}: fetching ${component.goModule}@${component.version}`;
  const download = spawnSync('go', ['mod', 'download', '-json', `${component.goModule}@${component.version}`], { cwd: moduleDir, encoding: 'utf8' });
  if (download.status !== 0) throw new BuildError(`${label}: ${download.stderr || download.stdout}`);
  const source = (JSON.parse(download.stdout) as { Dir: string }).Dir;
  const copy = join(staging, 'module');
  cpSync(source, copy, { recursive: true });
  chmodTree(copy);
  for (const folder of component.unshippedEmbeds ?? []) {
    mkdirSync(join(copy, folder), { recursive: true });
    writeFileSync(join(copy, folder, 'index.html'), PLACEHOLDER_PAGE);
  }
  const goMod = readFileSync(join(moduleDir, 'go.mod'), 'utf8');
  writeFileSync(join(staging, 'build.mod'), `${goMod}\nreplace ${component.goModule} => ${copy}\n`);
  writeFileSync(join(staging, 'build.sum'), readFileSync(join(moduleDir, 'go.sum')));
  return [`-modfile=${join(staging, 'build.mod')}`];
}

/** The module cache is read-only; the copy must be writable to add files and to be removed. */
function chmodTree(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) chmodTree(path);
    else chmodSync(path, 0o644);
  }
}

function buildComponent(component: GoComponent): void {
  const label = `${component.dir} ${component.release} (${component.goModule}@${component.version})`;
  const moduleDir = join(TOOLS_DIR, component.dir);
  const pinned = pinnedVersion(readFileSync(join(moduleDir, 'go.mod'), 'utf8'), component.goModule);
  if (pinned !== component.version) {
    throw new BuildError(
      `${label}: tools/${component.dir}/go.mod pins ${pinned ?? 'nothing'}, tools/versions.ts says ${component.version}; ` +
        `run \`go get -tool ${component.goModule}/...@${component.version}\` in tools/${component.dir} (or change the table)`,
    );
  }
  const binaries = component.commands.map((c) => binaryName(component, c));
  const dir = componentDir(component);
  if (binaries.every((b) => existsSync(join(dir, 'bin', b)))) {
    console.log(`cached  ${label}`);
    return;
  }
  console.log(`build   ${label} ...`);
  const started = Date.now();
  buildInto(dir, (staging) => {
    const packages = component.commands.map((c) => (c === '.' ? component.goModule : `${component.goModule}/${c}`));
    const ldflags = ['-s', '-w', ...(component.versionVariable ? [`-X ${component.versionVariable}=${component.release}`] : [])].join(' ');
    const modfile = component.unshippedEmbeds ? withPlaceholderAssets(component, moduleDir, staging) : [];
    run('go', ['build', ...modfile, `-ldflags=${ldflags}`, '-o', join(staging, 'bin') + '/', ...packages], moduleDir, label);
    for (const scratch of ['module', 'build.mod', 'build.sum']) rmSync(join(staging, scratch), { recursive: true, force: true });
  });
  console.log(`built   ${label} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * The collector: the Collector Builder (OCB) generates a main package from the manifest and
 * compiles it. Only the manifest's output path is changed, to the cache.
 */
function buildCollector(): void {
  if (!existsSync(COLLECTOR_MANIFEST)) throw new BuildError(`collector: ${COLLECTOR_MANIFEST} is missing; run \`npm run generate\` first`);
  const dir = collectorDir();
  const label = `collector distribution (${COLLECTOR_MANIFEST.slice(dirname(TOOLS_DIR).length + 1)})`;
  if (existsSync(join(dir, 'bin', COLLECTOR_BINARY))) {
    console.log(`cached  ${label}`);
    return;
  }
  console.log(`build   ${label} ...`);
  const started = Date.now();
  buildInto(dir, (staging) => {
    const manifest = load(readFileSync(COLLECTOR_MANIFEST, 'utf8')) as { dist: Record<string, unknown> };
    const source = join(staging, 'src');
    manifest.dist.output_path = source;
    const manifestCopy = join(staging, 'builder-config.yaml');
    writeFileSync(manifestCopy, dump(manifest));
    run(toolPath('builder'), [`--config=${manifestCopy}`], staging, label);
    mkdirSync(join(staging, 'bin'));
    renameSync(join(source, COLLECTOR_BINARY), join(staging, 'bin', COLLECTOR_BINARY));
    rmSync(source, { recursive: true, force: true });
  });
  console.log(`built   ${label} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function main(argv: readonly string[]): number {
  if (argv.includes('--list')) {
    for (const name of ['prometheus', 'promtool', 'alertmanager', 'amtool', 'jaeger', 'builder', 'otelcol'] as const) {
      const path = toolPath(name);
      console.log(`${name.padEnd(13)} ${existsSync(path) ? path : `(not built) ${path}`}`);
    }
    return 0;
  }
  console.log(`tools cache: ${cacheRoot()}`);
  const started = Date.now();
  try {
    for (const component of GO_COMPONENTS) buildComponent(component);
    buildCollector();
  } catch (error) {
    if (error instanceof BuildError) {
      console.error(`tools: build failed: ${error.message}`);
      return 1;
    }
    throw error;
  }
  console.log(`tools ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
