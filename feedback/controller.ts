/**
 * The OODA loop of spec 10.1. Each step: observe (values from an Observer, Prometheus in
 * production) -> orient (count, per behaviour and subject, how many observations in a row
 * were past the threshold, and past the recovery level) -> decide (act after `triggerAfter`
 * in a row, undo after `recoverAfter` in a row past the lower level, nothing during a
 * cooldown) -> act (on the agents' adaptation; in dry-run on a shadow copy, so decisions
 * and bounds are the same but agents are untouched) -> record (metric, span event, log
 * line, state file). A step never throws.
 */
import { diag } from '@opentelemetry/api';
import { AGENT_TYPE_VALUES, type AgentType, type FeedbackAction, type FeedbackBehaviour } from '../out/instrumentation/labels';
import { parseDuration } from '../core/duration';
import type { ControllerMode } from '../core/feedback-mode';
import { InProcessAdaptation } from './adaptation';
import { BEHAVIOURS, type Behaviour, type Observation } from './behaviours';
import { AdaptationRecorder, initialiseAdaptationCounters, type AdaptationRecord } from './recorder';
import { writeStateFile, type Cooldown, type FeedbackStateFile } from './state-file';

export type LoopMode = 'off' | ControllerMode;

export interface Observer {
  /** Current values; may reject (the step records the error and waits for the next). */
  observe(): Promise<readonly Observation[]>;
}

export interface ControllerOptions {
  readonly mode: Exclude<LoopMode, 'off'>;
  /** What agents use; changed in 'on' mode only. */
  readonly adaptation: InProcessAdaptation;
  readonly observer: Observer;
  /** Real seconds stand for this many: cooldowns and the poll interval are divided by it. @default 1 */
  readonly timeScale?: number;
  /** @default Date.now */
  readonly now?: () => number;
  readonly recorder?: AdaptationRecorder;
  /** Written after each step, when given. */
  readonly stateFile?: string;
  /** @default BEHAVIOURS */
  readonly behaviours?: readonly Behaviour[];
  /**
   * Production poll interval (compressed by timeScale). The rule groups' evaluation interval:
   * polling faster would see the same recorded values again. @default '15s'
   */
  readonly pollInterval?: string;
  /** Decisions kept in the history. @default 100 */
  readonly historySize?: number;
}

/**
 * A production duration as real milliseconds under `timeScale`: the one place where the
 * loop's times are compressed, like the rules' windows are (rules/define.ts scaleDuration).
 */
export function compressedMs(duration: string, timeScale: number): number {
  const ms = parseDuration(duration);
  if (ms === undefined) throw new Error(`"${duration}" is not a duration`);
  return ms / timeScale;
}

interface Track {
  past: number;
  recovered: number;
  engaged: boolean;
  cooldownUntil: number;
}

/** Counters at 0 for these pairs: the series the loop can produce for each behaviour. */
const WATCHED: Readonly<Record<FeedbackBehaviour, { agentTypes: readonly AgentType[]; actions: readonly FeedbackAction[] }>> = {
  performance: { agentTypes: AGENT_TYPE_VALUES, actions: ['lower_concurrency', 'restore_concurrency'] },
  cost: { agentTypes: AGENT_TYPE_VALUES, actions: ['switch_model', 'restore_model'] },
  errors: { agentTypes: AGENT_TYPE_VALUES, actions: ['trip_circuit_breaker', 'disarm_circuit_breaker'] },
  quality: { agentTypes: ['qe-test-generator'], actions: ['spawn_agents', 'release_agents'] },
  flakiness: { agentTypes: ['qe-flaky-test-hunter'], actions: ['quarantine_flaky_tests', 'release_quarantine'] },
};

/** Every (agent type, behaviour, action) the loop can count for these behaviours. */
export function watchedPairs(behaviours: readonly FeedbackBehaviour[] = BEHAVIOURS.map((b) => b.name)) {
  return behaviours.flatMap((behaviour) => WATCHED[behaviour].agentTypes.flatMap((agentType) => WATCHED[behaviour].actions.map((action) => ({ agentType, behaviour, action }))));
}

/**
 * @example
 * const adaptation = new InProcessAdaptation();          // what the agents ask before each run
 * const loop = new FeedbackController({
 *   mode: 'dry-run',                                     // 'on' once its decisions look right
 *   adaptation,
 *   observer: new PrometheusObserver({ url: 'http://prometheus:9090' }),
 *   stateFile: stateFilePath(undefined),                 // read by `aqe telemetry feedback status`
 * });
 * loop.start();
 */
export class FeedbackController {
  readonly mode: Exclude<LoopMode, 'off'>;
  /** Where actions land: the agents' adaptation ('on'), or a shadow of it (dry-run). */
  readonly target: InProcessAdaptation;
  private readonly options: ControllerOptions;
  private readonly now: () => number;
  private readonly timeScale: number;
  private readonly recorder: AdaptationRecorder;
  private readonly behaviours: ReadonlyMap<FeedbackBehaviour, Behaviour>;
  private readonly tracks = new Map<string, Track>();
  private readonly history: AdaptationRecord[] = [];
  private lastError: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stepping: Promise<readonly AdaptationRecord[]> | undefined;
  private stopped = false;

  constructor(options: ControllerOptions) {
    this.options = options;
    this.mode = options.mode;
    this.now = options.now ?? Date.now;
    this.timeScale = options.timeScale ?? 1;
    this.recorder = options.recorder ?? new AdaptationRecorder();
    this.behaviours = new Map((options.behaviours ?? BEHAVIOURS).map((b) => [b.name, b]));
    this.target =
      options.mode === 'on'
        ? options.adaptation
        : new InProcessAdaptation({ bounds: options.adaptation.bounds, timeScale: this.timeScale, now: this.now, publish: false });
    initialiseAdaptationCounters(watchedPairs([...this.behaviours.keys()]), options.mode === 'on' ? 'applied' : 'dry_run');
  }

  /** Real milliseconds between steps. */
  get pollMs(): number {
    return Math.max(100, compressedMs(this.options.pollInterval ?? '15s', this.timeScale));
  }

  /** Steps every pollMs until `stop()`. */
  start(): void {
    const loop = () => {
      if (this.stopped) return;
      void this.step().finally(() => {
        if (!this.stopped) this.timer = setTimeout(loop, this.pollMs);
      });
    };
    this.timer = setTimeout(loop, this.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.stepping?.catch(() => undefined);
  }

  /** One observe -> orient -> decide -> act round; resolves to the decisions it made. Never rejects. */
  step(): Promise<readonly AdaptationRecord[]> {
    this.stepping = this.run().catch((error: unknown) => {
      diag.warn('aqe-feedback: a step failed', error);
      return [];
    });
    return this.stepping;
  }

  /** The decisions so far, oldest first (at most historySize). */
  get decisions(): readonly AdaptationRecord[] {
    return this.history;
  }

  /** What the state file holds. */
  snapshot(): FeedbackStateFile {
    const now = this.now();
    const cooldowns: Cooldown[] = [];
    for (const [key, track] of this.tracks) {
      if (track.cooldownUntil <= now) continue;
      const [behaviour, subject] = key.split('\u0000') as [string, string];
      cooldowns.push({ behaviour, subject, until: track.cooldownUntil });
    }
    return {
      version: 1,
      updatedAt: now,
      mode: this.mode,
      timeScale: this.timeScale,
      adaptations: this.target.getAdaptationState(),
      history: [...this.history],
      cooldowns: cooldowns.sort((a, b) => a.until - b.until),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private async run(): Promise<readonly AdaptationRecord[]> {
    let observations: readonly Observation[];
    try {
      observations = await this.options.observer.observe();
      this.lastError = undefined;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.writeState();
      return [];
    }
    if (this.stopped) return [];
    const decided: AdaptationRecord[] = [];
    for (const observation of observations) {
      const record = this.decide(observation);
      if (record) decided.push(record);
    }
    this.options.adaptation.publish();
    this.writeState();
    return decided;
  }

  /** Orient and decide on one observation; act and record when due. */
  private decide(observation: Observation): AdaptationRecord | undefined {
    const behaviour = this.behaviours.get(observation.behaviour);
    if (!behaviour || !Number.isFinite(observation.value)) return undefined;
    const key = `${behaviour.name}\u0000${observation.subject}`;
    const track = this.tracks.get(key) ?? { past: 0, recovered: 0, engaged: false, cooldownUntil: 0 };
    this.tracks.set(key, track);

    const above = behaviour.direction === 'above';
    const past = above ? observation.value > behaviour.threshold : observation.value < behaviour.threshold;
    const back = above ? observation.value < behaviour.recoverAt : observation.value > behaviour.recoverAt;
    // Between the two levels neither count grows, and both start again: a value hovering
    // around the threshold never gets `triggerAfter` in a row once it dips under it.
    track.past = past ? track.past + 1 : 0;
    track.recovered = back ? track.recovered + 1 : 0;

    const now = this.now();
    if (now < track.cooldownUntil) return undefined;
    let result;
    if (track.past >= behaviour.triggerAfter) result = behaviour.act(this.target, observation);
    else if (track.engaged && track.recovered >= behaviour.recoverAfter) result = behaviour.recover(this.target, observation.subject);
    if (!result) return undefined;

    track.engaged = track.past >= behaviour.triggerAfter;
    track.past = 0;
    track.recovered = 0;
    track.cooldownUntil = now + compressedMs(behaviour.cooldown, this.timeScale);
    const record: AdaptationRecord = {
      at: now,
      behaviour: behaviour.name,
      subject: observation.subject,
      agentType: result.agentType,
      action: result.action,
      mode: this.mode === 'on' ? 'applied' : 'dry_run',
      trigger: track.engaged ? behaviour.trigger : `recovered past ${behaviour.recoverAt}`,
      observed: observation.value,
      threshold: track.engaged ? behaviour.threshold : behaviour.recoverAt,
      detail: result.detail,
    };
    this.history.push(record);
    if (this.history.length > (this.options.historySize ?? 100)) this.history.shift();
    this.recorder.record(record);
    return record;
  }

  private writeState(): void {
    if (this.options.stateFile) writeStateFile(this.options.stateFile, this.snapshot());
  }
}
