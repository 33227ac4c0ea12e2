/**
 * The state the fleet reports on: coverage, flaky tests and quality of each project, the
 * open vulnerabilities and the task queue. Agents change it when their runs finish and
 * publish it through the gauges; scenarios bend it through the `effects` hooks.
 */
import { COVERAGE_TYPE_VALUES, PRIORITY_VALUES, QUALITY_DIMENSION_VALUES, SEVERITY_VALUES, VULNERABILITY_CATEGORY_VALUES, type CodeModule, type CoverageType, type Priority, type QualityDimension, type Severity, type VulnerabilityCategory } from '../out/instrumentation/labels';
import { coverage, flakyTests, moduleCoverage, qualityScore, queueDepth, vulnerabilities } from '../out/instrumentation/metrics';
import type { Prng } from './prng';
import { BASE_LINE_COVERAGE, MODULES, PROJECTS, QUEUE_RANGES, type SimProject } from './profiles';

/** Other kinds of coverage relative to line coverage: 80-90 % for every project. */
const COVERAGE_OFFSETS: Record<CoverageType, number> = { line: 0, branch: -4, function: 3, statement: -1 };
const QUALITY_RANGE = [72, 95] as const;

/** Scenario hooks: how far a project's line coverage is pushed down, and a forced flaky count. */
export interface WorldEffects {
  coverageDelta(project: SimProject): number;
  flakyOverride(project: SimProject): number | undefined;
}

interface ProjectState {
  lineDrift: number;
  readonly moduleOffsets: Map<CodeModule, number>;
  flaky: number;
  readonly quality: Record<QualityDimension, number>;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const round1 = (value: number) => Math.round(value * 10) / 10;

export class World {
  private readonly projects = new Map<SimProject, ProjectState>();
  private readonly open = new Map<Severity, Map<VulnerabilityCategory, number>>();
  private readonly queue = new Map<Priority, number>();

  constructor(
    rng: Prng,
    private readonly effects: WorldEffects,
  ) {
    for (const project of PROJECTS) {
      const moduleOffsets = new Map<CodeModule, number>();
      for (const module of MODULES[project]) moduleOffsets.set(module, round1(rng.between(-10, 8)));
      const quality = {} as Record<QualityDimension, number>;
      for (const dimension of QUALITY_DIMENSION_VALUES) quality[dimension] = round1(rng.between(78, 92));
      this.projects.set(project, { lineDrift: round1(rng.between(-0.5, 0.5)), moduleOffsets, flaky: rng.int(5, 10), quality });
    }
    for (const severity of SEVERITY_VALUES) {
      const byCategory = new Map<VulnerabilityCategory, number>();
      for (const category of VULNERABILITY_CATEGORY_VALUES) {
        const typical: Record<Severity, number> = { critical: 0, high: rng.int(0, 1), medium: rng.int(0, 3), low: rng.int(1, 5), info: rng.int(0, 2) };
        byCategory.set(category, typical[severity]);
      }
      this.open.set(severity, byCategory);
    }
    for (const priority of PRIORITY_VALUES) {
      const [min, max] = QUEUE_RANGES[priority];
      this.queue.set(priority, rng.int(min, max));
    }
  }

  /** The last known state, published at start-up as if read from the previous runs. */
  publishAll(): void {
    for (const project of PROJECTS) {
      this.publishCoverage(project);
      this.publishFlaky(project);
      this.publishQuality(project, QUALITY_DIMENSION_VALUES);
    }
    for (const [severity, byCategory] of this.open) {
      for (const [category, count] of byCategory) vulnerabilities.set(count, { severity, category });
    }
    for (const [priority, depth] of this.queue) queueDepth.set(depth, { priority });
  }

  /** A coverage run finished: coverage drifts a little, then is reported. */
  reportCoverage(project: SimProject, rng: Prng): void {
    const state = this.state(project);
    state.lineDrift = clamp(round1(state.lineDrift + rng.between(-0.3, 0.3)), -1, 1);
    this.publishCoverage(project);
  }

  /** A test run or flaky hunt finished: the known flaky count moves by at most one. */
  reportFlaky(project: SimProject, rng: Prng): void {
    const state = this.state(project);
    state.flaky = clamp(state.flaky + rng.int(-1, 1), 5, 10);
    this.publishFlaky(project);
  }

  reportQuality(project: SimProject, rng: Prng, dimensions: readonly QualityDimension[]): void {
    const state = this.state(project);
    for (const dimension of dimensions) {
      if (dimension === 'overall') continue;
      state.quality[dimension] = clamp(round1(state.quality[dimension] + rng.between(-1, 1)), QUALITY_RANGE[0], QUALITY_RANGE[1]);
    }
    const parts = QUALITY_DIMENSION_VALUES.filter((d) => d !== 'overall');
    state.quality.overall = round1(parts.reduce((sum, d) => sum + state.quality[d], 0) / parts.length);
    this.publishQuality(project, [...new Set<QualityDimension>([...dimensions, 'overall'])]);
  }

  /** A new open vulnerability. */
  addVulnerability(severity: Severity, category: VulnerabilityCategory): void {
    const byCategory = this.open.get(severity);
    if (!byCategory) return;
    const count = (byCategory.get(category) ?? 0) + 1;
    byCategory.set(category, count);
    vulnerabilities.set(count, { severity, category });
  }

  /** Fixes one open vulnerability (never a critical one: that takes a person). */
  fixVulnerability(rng: Prng): void {
    const candidates: [Severity, VulnerabilityCategory][] = [];
    for (const [severity, byCategory] of this.open) {
      if (severity === 'critical') continue;
      for (const [category, count] of byCategory) if (count > 0) candidates.push([severity, category]);
    }
    if (candidates.length === 0) return;
    const [severity, category] = rng.pick(candidates);
    const byCategory = this.open.get(severity)!;
    const count = (byCategory.get(category) ?? 1) - 1;
    byCategory.set(category, count);
    vulnerabilities.set(count, { severity, category });
  }

  /** The queue drifts within its ranges (called every few simulated seconds). */
  walkQueue(rng: Prng): void {
    for (const priority of PRIORITY_VALUES) {
      const [min, max] = QUEUE_RANGES[priority];
      const depth = clamp((this.queue.get(priority) ?? min) + rng.int(-2, 2), min, max);
      this.queue.set(priority, depth);
      queueDepth.set(depth, { priority });
    }
  }

  /** Line coverage the next report of `project` would give (for tests and the CLI). */
  lineCoverage(project: SimProject): number {
    return round1(BASE_LINE_COVERAGE[project] + this.state(project).lineDrift + this.effects.coverageDelta(project));
  }

  private publishCoverage(project: SimProject): void {
    const state = this.state(project);
    const line = this.lineCoverage(project);
    for (const coverageType of COVERAGE_TYPE_VALUES) {
      coverage.set(clamp(round1(line + COVERAGE_OFFSETS[coverageType]), 0, 100), { project, coverage_type: coverageType });
    }
    for (const [module, offset] of state.moduleOffsets) {
      moduleCoverage.set(clamp(round1(line + offset), 0, 100), { project, module });
    }
  }

  private publishFlaky(project: SimProject): void {
    const forced = this.effects.flakyOverride(project);
    flakyTests.set(forced ?? this.state(project).flaky, { project });
  }

  private publishQuality(project: SimProject, dimensions: readonly QualityDimension[]): void {
    const state = this.state(project);
    for (const dimension of dimensions) qualityScore.set(state.quality[dimension], { project, dimension });
  }

  private state(project: SimProject): ProjectState {
    const state = this.projects.get(project);
    if (!state) throw new Error(`unknown project ${project}`);
    return state;
  }
}
