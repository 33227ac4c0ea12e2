/**
 * The fleet's runner: a tick advances simulated time, starts the scenario, dispatches the
 * arrivals; a dispatched run is planned at once (run-plan.ts) and then executed as spans,
 * paced by the simulated clock.
 */
import { ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { recordTokenUsage, type TokenUsage } from '../out/instrumentation';
import { AGENT_TYPE_VALUES, type AgentType, type ErrorType, type Model, type Outcome } from '../out/instrumentation/labels';
import { agentDuration, agentErrors, agentSpawns, agentsActive, costPerTask, operationDuration, tasksCompleted } from '../out/instrumentation/metrics';
import { withAgentExecuteSpan, withAgentSpawnSpan, withMemoryReadSpan, withMemoryWriteSpan, withModelCallSpan, withTaskSpan, withToolCallSpan } from '../out/instrumentation/spans';
import { InProcessAdaptation, type RunPermit } from '../feedback/adaptation';
import { createLogger } from '../runtime/logger';
import { agentBaggageFrom, extractTraceContext, InMemoryAgentMemory, injectTraceContext, withAgentBaggage } from '../runtime/context-propagation';
import { SimClock } from './clock';
import type { EventTime, FleetEvent } from './fleet-events';
import { DEFAULT_TICK_MS, FLEET_SERVICE_NAME, type FleetOptions } from './fleet-options';
import { Prng } from './prng';
import {
  AGENT_PROFILES,
  BASE_LINE_COVERAGE,
  CALL_TIMEOUT_SECONDS,
  CANCEL_RATIO,
  LEVEL_TWO_SPAWN_CHANCE,
  NORMAL_ERROR_RATIO,
  NORMAL_ERRORS,
  PRIORITY_WEIGHTS,
  PROJECTS,
  PROVIDER_OF,
  TASK_PROFILES,
  WORKFLOWS,
  type SimProject,
  type Weighted,
} from './profiles';
import { reportRun } from './report';
import {
  DISPATCHER_AGENT_ID,
  RETRYABLE,
  round3,
  SimulatedFailure,
  spikeInputMedian,
  type Failure,
  type Forced,
  type Handoff,
  type RunPlan,
  type RunState,
  type Step,
} from './run-plan';
import { SCENARIO_DESCRIPTIONS, SCENARIO_PARAMETERS as P, type ScenarioName } from './scenarios';
import { World } from './world';

/** Output tokens from which a simulated model call streams its answer. */
const STREAMED_FROM_TOKENS = 500;
/** The share of a streamed call spent before its first chunk. */
const FIRST_CHUNK_SHARE = 0.2;

const TASKS_NAMESPACE = 'aqe/tasks';
const RESULTS_NAMESPACE = 'aqe/results';

/** The fleet itself: ticks, scenarios, planning and running the planned runs. */
export class Fleet {
  readonly events: FleetEvent[] = [];
  readonly adaptation: InProcessAdaptation;
  private readonly rng: Prng;
  private readonly clock = new SimClock();
  /** What agents log about their runs: through the OTel logs API (to the collector and Loki) only. */
  private readonly log = createLogger({ name: FLEET_SERVICE_NAME, stdout: false });
  private readonly world: World;
  private readonly scenario: ScenarioName;
  private readonly timeScale: number;
  private readonly tickMs: number;
  private readonly stepSeconds: number;
  private readonly maxRunEvents: number;
  private readonly criticalAfterMs: number;
  private readonly onEvent: ((event: FleetEvent) => void) | undefined;
  private startedAtMs = 0;
  private tickIndex = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private runEvents = 0;
  private abnormalStarted = false;
  private nextForcedGateFailure: number;
  /** When the scenario's abnormal behaviour starts, simulated seconds; undefined for normal and critical-finding. */
  private readonly scenarioStart: number | undefined;
  private nextQueueWalk = 0;
  private readonly ids = { agent: 0, task: 0, session: 0 };

  constructor(options: FleetOptions) {
    this.scenario = options.scenario;
    this.scenarioStart = Fleet.STARTS[options.scenario] === undefined ? undefined : (options.scenarioStartSimSeconds ?? Fleet.STARTS[options.scenario]);
    this.nextForcedGateFailure = this.scenarioStart ?? P.gateFailures.startSimSeconds;
    this.timeScale = options.timeScale;
    this.tickMs = options.tickMs ?? DEFAULT_TICK_MS;
    this.stepSeconds = (this.tickMs * this.timeScale) / 1000;
    this.maxRunEvents = options.maxRunEvents ?? 20_000;
    this.criticalAfterMs = options.criticalFindingAfterMs ?? P.criticalFinding.afterRealMs;
    this.onEvent = options.onEvent;
    this.rng = new Prng(options.seed ?? 1);
    this.adaptation = new InProcessAdaptation({ timeScale: this.timeScale });
    this.world = new World(this.rng.fork(), {
      coverageDelta: (project) => this.coverageDelta(project),
      flakyOverride: (project) => this.flakyOverride(project),
    });
  }

  start(): void {
    this.startedAtMs = Date.now();
    this.world.publishAll();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    // Runs waiting on the clock never resume: their spans are never ended, nothing more is recorded.
    this.clock.clear();
  }

  // ---- time ----

  /** One tick per timer callback, at tickMs intervals on average; late ticks catch up one macrotask at a time. */
  private schedule(): void {
    if (this.stopped) return;
    const due = this.startedAtMs + (this.tickIndex + 1) * this.tickMs;
    this.timer = setTimeout(() => {
      this.tick();
      this.schedule();
    }, Math.max(0, due - Date.now()));
  }

  private tick(): void {
    if (this.stopped) return;
    this.tickIndex++;
    const now = this.tickIndex * this.stepSeconds;
    // Wake the runs due by now first; their continuations run after this tick's synchronous part.
    this.clock.advanceTo(now);
    this.startScenario(now);

    for (const agentType of AGENT_TYPE_VALUES) {
      // Each extra agent the feedback loop asked for adds a quarter of the type's usual work.
      const boost = 1 + this.adaptation.extraAgents(agentType) / 4;
      const arrivals = this.rng.poisson((AGENT_PROFILES[agentType].runsPerMinute * boost * this.stepSeconds) / 60);
      for (let i = 0; i < arrivals; i++) this.dispatch(agentType, {});
    }

    if (this.scenario === 'gate-failures') {
      // One forced failure every 30 simulated seconds from the start, on top of the normal decisions.
      while (this.nextForcedGateFailure <= now) {
        this.dispatch('qe-quality-gate', { taskType: 'quality-gate', gate: P.gateFailures.gateName, decision: 'fail' });
        this.nextForcedGateFailure += 60 / P.gateFailures.failuresPerMinute;
      }
    }
    if (this.scenario === 'critical-finding' && !this.abnormalStarted && Date.now() - this.startedAtMs >= this.criticalAfterMs) {
      this.abnormalStarted = true;
      this.emit({ kind: 'scenario-start', scenario: this.scenario, detail: SCENARIO_DESCRIPTIONS[this.scenario], ...this.time() });
      this.dispatch('qe-security-scanner', { taskType: 'security-scan', criticalFinding: true });
    }
    while (this.nextQueueWalk <= now) {
      this.world.walkQueue(this.rng);
      this.nextQueueWalk += 10;
    }
  }

  private time(): EventTime {
    return { atMs: Date.now(), simSeconds: round3(this.clock.now) };
  }

  private emit(event: FleetEvent): void {
    if (this.stopped) return;
    if (event.kind === 'agent-run' || event.kind === 'handoff') {
      if (this.runEvents >= this.maxRunEvents) return;
      this.runEvents++;
    }
    this.events.push(event);
    this.onEvent?.(event);
  }

  // ---- scenarios ----

  private static readonly STARTS: Readonly<Partial<Record<ScenarioName, number>>> = {
    'error-storm': P.errorStorm.startSimSeconds,
    'token-spike': P.tokenSpike.startSimSeconds,
    'latency-degradation': P.latencyDegradation.startSimSeconds,
    'coverage-drop': P.coverageDrop.startSimSeconds,
    'flaky-rise': P.flakyRise.startSimSeconds,
    'gate-failures': P.gateFailures.startSimSeconds,
  };

  private startScenario(now: number): void {
    const start = this.scenarioStart;
    if (start === undefined || this.abnormalStarted || now < start) return;
    this.abnormalStarted = true;
    this.emit({ kind: 'scenario-start', scenario: this.scenario, detail: SCENARIO_DESCRIPTIONS[this.scenario], ...this.time() });
  }

  private active(scenario: ScenarioName): boolean {
    return this.scenario === scenario && this.abnormalStarted;
  }

  private coverageDelta(project: SimProject): number {
    if (!this.active('coverage-drop') || project !== P.coverageDrop.project) return 0;
    const progress = Math.min(1, Math.max(0, (this.clock.now - (this.scenarioStart ?? 0)) / P.coverageDrop.rampSimSeconds));
    return progress * (P.coverageDrop.toLinePercent - BASE_LINE_COVERAGE[project]);
  }

  private flakyOverride(project: SimProject): number | undefined {
    if (!this.active('flaky-rise') || project !== P.flakyRise.project) return undefined;
    const progress = Math.min(1, Math.max(0, (this.clock.now - (this.scenarioStart ?? 0)) / P.flakyRise.rampSimSeconds));
    return Math.round(8 + progress * (P.flakyRise.toCount - 8));
  }

  // ---- planning (synchronous, in tick order: this is what makes runs repeatable) ----

  private dispatch(agentType: AgentType, forced: Forced): void {
    const sessionId = `session-${++this.ids.session}`;
    const dispatcher: Handoff = { agentId: DISPATCHER_AGENT_ID, taskId: `dispatch-${this.ids.session}`, sessionId };
    const plan = this.plan(agentType, 0, dispatcher, this.rng.pick(PROJECTS), forced);
    // One memory per session: the carriers and task inputs of a workflow go away with it.
    const memory = new InMemoryAgentMemory();
    this.spawn(plan, memory, ROOT_CONTEXT).catch((error: unknown) => {
      process.stderr.write(`${FLEET_SERVICE_NAME}: run ${plan.taskId} broke: ${String(error)}\n`);
    });
  }

  private plan(agentType: AgentType, depth: number, parent: Handoff, project: SimProject, forced: Forced): RunPlan {
    const rng = this.rng.fork();
    const profile = AGENT_PROFILES[agentType];
    const taskType = forced.taskType ?? rng.weighted(profile.tasks);
    const task = TASK_PROFILES[taskType];
    const isTarget = (target: AgentType) => agentType === target;

    const slow = this.active('latency-degradation') && isTarget(P.latencyDegradation.agentType);
    const total = slow ? rng.logNormal(P.latencyDegradation.medianSeconds, P.latencyDegradation.sigma) : rng.logNormal(task.medianSeconds, task.sigma);
    const modelCalls = rng.int(task.modelCalls[0], task.modelCalls[1]);
    const toolCalls = rng.int(task.toolCalls[0], task.toolCalls[1]);
    const spike = this.active('token-spike') && isTarget(P.tokenSpike.agentType);

    // Model calls take about 55 % of the run, tool calls 40 %, the rest is memory and overhead.
    const modelWeights = Array.from({ length: modelCalls }, () => rng.between(0.5, 1.5));
    const toolWeights = Array.from({ length: toolCalls }, () => rng.between(0.5, 1.5));
    const sum = (weights: number[]) => weights.reduce((a, b) => a + b, 0);
    const steps: Step[] = [];
    for (let i = 0; i < Math.max(modelCalls, toolCalls); i++) {
      const modelWeight = modelWeights[i];
      if (modelWeight !== undefined) {
        // Drawn first, then switched: the same seed draws the same numbers whatever the loop did.
        const model = this.adaptation.modelFor(agentType, rng.weighted(profile.models));
        const seconds = round3((total * 0.55 * modelWeight) / sum(modelWeights));
        const usage = this.tokens(rng, task.inputTokens, task.outputTokens, model, spike ? spikeInputMedian(agentType) : undefined);
        // About 1 call in 50 answers under a dated snapshot id (see modelCall).
        steps.push({ kind: 'model', seconds, model, usage, ...(rng.next() < 0.02 ? { snapshot: '20250929' } : {}) });
      }
      const toolWeight = toolWeights[i];
      if (toolWeight !== undefined) {
        steps.push({ kind: 'tool', seconds: round3((total * 0.4 * toolWeight) / sum(toolWeights)), tool: rng.pick(profile.tools) });
      }
    }

    const failure = this.drawFailure(rng, agentType, steps, forced);
    const agentId = `${agentType}-${++this.ids.agent}`;
    const taskId = `task-${++this.ids.task}`;
    const plannedSeconds = round3(steps.reduce((s, step) => s + step.seconds, 0));
    this.emit({
      kind: 'agent-run',
      agentId,
      agentType,
      taskId,
      taskType,
      parentAgentId: parent.agentId,
      sessionId: parent.sessionId,
      depth,
      outcome: failure?.status ?? 'success',
      ...(failure?.errorType ? { errorType: failure.errorType } : {}),
      plannedSeconds,
      ...this.time(),
    });

    // Children are planned (and logged) only if the parent gets as far as delegating to them.
    const childrenAfterStep = agentType === 'qe-fleet-commander' ? 0 : steps.length - 1;
    const delegates = !failure || failure.at > childrenAfterStep;
    const self: Handoff = { agentId, taskId, sessionId: parent.sessionId };
    const childTypes: readonly AgentType[] = !delegates
      ? []
      : agentType === 'qe-fleet-commander'
        ? rng.pick(WORKFLOWS)
        : depth === 1 && profile.spawns && rng.chance(LEVEL_TWO_SPAWN_CHANCE)
          ? [rng.pick(profile.spawns)]
          : [];
    const children = childTypes.map((child) => this.plan(child, depth + 1, self, project, {}));

    return {
      agentType,
      taskType,
      agentId,
      taskId,
      priority: rng.weighted(PRIORITY_WEIGHTS),
      project,
      depth,
      parent,
      spawnSeconds: round3(rng.logNormal(0.15, 0.5)),
      steps,
      ...(failure ? { failure } : {}),
      children,
      childrenAfterStep,
      forced,
      rng,
    };
  }

  private tokens(rng: Prng, inputMedian: number, outputMedian: number, model: Model, spikeMedian: number | undefined): TokenUsage {
    const input = Math.round(spikeMedian !== undefined ? rng.logNormal(spikeMedian, P.tokenSpike.sigma) : rng.logNormal(inputMedian, 0.5));
    const cacheRead = rng.chance(0.35) ? Math.round(rng.logNormal(inputMedian * 3, 0.5)) : 0;
    const cacheWrite = PROVIDER_OF[model] === 'anthropic' && rng.chance(0.1) ? Math.round(rng.logNormal(inputMedian, 0.5)) : 0;
    return { inputTokens: input, outputTokens: Math.round(rng.logNormal(outputMedian, 0.5)), cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite };
  }

  private drawFailure(rng: Prng, agentType: AgentType, steps: readonly Step[], forced: Forced): Failure | undefined {
    if (forced.decision || forced.criticalFinding) return undefined;
    const storm = this.active('error-storm') && agentType === P.errorStorm.agentType;
    const ratio = storm ? P.errorStorm.errorRatio : NORMAL_ERROR_RATIO;
    const errors: Weighted<ErrorType> = storm ? P.errorStorm.errors : NORMAL_ERRORS;
    if (rng.chance(ratio)) {
      const errorType = rng.weighted(errors);
      const status: Outcome = errorType === 'timeout' ? 'timeout' : 'failure';
      if (errorType === 'validation_error') return { at: steps.length, seconds: 0, status, errorType };
      const kind: Step['kind'] = errorType === 'model_error' || errorType === 'rate_limited' || errorType === 'timeout' ? 'model' : 'tool';
      const candidates = steps.flatMap((step, index) => (step.kind === kind ? [index] : []));
      const at = candidates.length > 0 ? rng.pick(candidates) : steps.length - 1;
      const stepSeconds = steps[at]?.seconds ?? 0;
      const seconds = errorType === 'timeout' ? CALL_TIMEOUT_SECONDS : round3(stepSeconds * rng.between(0.2, 1));
      return { at, seconds, status, errorType };
    }
    if (rng.chance(CANCEL_RATIO)) {
      const at = rng.int(0, steps.length - 1);
      return { at, seconds: round3((steps[at]?.seconds ?? 0) * rng.between(0, 1)), status: 'cancelled' };
    }
    return undefined;
  }

  // ---- running (asynchronous, paced by the simulated clock) ----

  /**
   * The parent's side: a create_agent span in the parent's context, in which the parent
   * writes the task input and, inside its baggage, the trace context for the child's task id.
   * Then the child's side. Resolves to the simulated seconds from spawn to the child's end.
   */
  private async spawn(plan: RunPlan, memory: InMemoryAgentMemory, parentContext?: Context): Promise<number> {
    // The agent asks the adaptation first: circuit open, concurrency limit reached or a
    // throttle -> the run does not start, and nothing of it is recorded.
    const permit = this.adaptation.admit(plan.agentType);
    if (!permit) return 0;
    try {
      await this.spawnSpan(plan, memory, parentContext);
    } catch (error) {
      permit.done(false);
      throw error;
    }
    return plan.spawnSeconds + (await this.execute(plan, memory, permit));
  }

  private async spawnSpan(plan: RunPlan, memory: InMemoryAgentMemory, parentContext: Context | undefined): Promise<void> {
    const { rng } = plan;
    await withAgentSpawnSpan(
      {
        'aqe.agent.type': plan.agentType,
        'gen_ai.agent.name': plan.agentType,
        'gen_ai.agent.id': plan.agentId,
        'aqe.agent.id': plan.agentId,
        'aqe.agent.parent_id': plan.parent.agentId,
        'aqe.task.id': plan.taskId,
        'aqe.session.id': plan.parent.sessionId,
      },
      async () => {
        withMemoryWriteSpan({ 'aqe.memory.namespace': TASKS_NAMESPACE, 'aqe.memory.key': plan.taskId }, () =>
          memory.store(`${TASKS_NAMESPACE}/${plan.taskId}`, { taskType: plan.taskType, project: plan.project, priority: plan.priority }),
        );
        operationDuration.record(round3(rng.logNormal(0.012, 0.4)), { operation_type: 'memory_write' });
        await withAgentBaggage(plan.parent, () => injectTraceContext(memory, plan.taskId));
      },
      parentContext ? { parent: parentContext } : undefined,
    );
    operationDuration.record(plan.spawnSeconds, { operation_type: 'agent_spawn' });
  }

  /** The child's side: it knows only the memory and its task id. Resolves to its simulated duration. */
  private async execute(plan: RunPlan, memory: InMemoryAgentMemory, permit: RunPermit): Promise<number> {
    const parent = await extractTraceContext(memory, plan.taskId);
    const labels = { agent_type: plan.agentType };
    const state: RunState = { elapsed: 0, cost: 0 };
    let status: Outcome = 'success';
    let errorType: ErrorType | undefined;
    agentsActive.inc(labels);
    try {
      await withAgentExecuteSpan(
        {
          'aqe.agent.type': plan.agentType,
          'gen_ai.agent.name': plan.agentType,
          'gen_ai.agent.id': plan.agentId,
          'aqe.agent.id': plan.agentId,
          'aqe.task.id': plan.taskId,
          'aqe.task.type': plan.taskType,
          'aqe.task.priority': plan.priority,
        },
        async (span) => {
          // Who sent us, as the parent's baggage says (not as the plan says).
          const from = agentBaggageFrom();
          if (from.sessionId !== undefined) span.setAttributes({ 'aqe.session.id': from.sessionId, 'gen_ai.conversation.id': from.sessionId });
          this.emit({
            kind: 'handoff',
            agentId: plan.agentId,
            taskId: plan.taskId,
            ...(from.agentId !== undefined ? { fromAgentId: from.agentId } : {}),
            ...(from.taskId !== undefined ? { fromTaskId: from.taskId } : {}),
            ...(from.sessionId !== undefined ? { sessionId: from.sessionId } : {}),
            ...this.time(),
          });
          const sessionId = from.sessionId ?? plan.parent.sessionId;
          try {
            await withTaskSpan(
              { 'aqe.task.type': plan.taskType, 'aqe.task.id': plan.taskId, 'aqe.task.priority': plan.priority, 'aqe.agent.type': plan.agentType, 'aqe.session.id': sessionId },
              () => this.work(plan, memory, sessionId, state),
            );
            span.setAttributes({ 'aqe.agent.status': 'success' });
            this.log.info({ agent_type: plan.agentType, task_id: plan.taskId, task_type: plan.taskType }, 'run finished');
          } catch (error) {
            const failed = error instanceof SimulatedFailure ? error.status : 'failure';
            span.setAttributes({ 'aqe.agent.status': failed });
            this.log.warn({ agent_type: plan.agentType, task_id: plan.taskId, task_type: plan.taskType, status: failed }, 'run ended: %s', failed);
            throw error;
          }
        },
        { parent },
      );
    } catch (error) {
      if (!(error instanceof SimulatedFailure)) {
        permit.done(false);
        throw error;
      }
      status = error.status;
      errorType = error.errorType;
    } finally {
      agentsActive.dec(labels);
    }
    permit.done(status === 'success' || status === 'cancelled');
    if (this.stopped) return state.elapsed;
    if (errorType) this.retry(plan, errorType);

    const seconds = round3(state.elapsed);
    agentSpawns.inc({ agent_type: plan.agentType, status });
    agentDuration.record(seconds, { agent_type: plan.agentType, task_type: plan.taskType, status });
    operationDuration.record(seconds, { operation_type: 'task_execution' });
    // A commander run is a whole workflow: its own planning plus the children it waits for.
    if (plan.agentType === 'qe-fleet-commander') operationDuration.record(seconds, { operation_type: 'workflow' });
    if (state.cost > 0) costPerTask.record(state.cost, { task_type: plan.taskType });
    if (status === 'success') tasksCompleted.inc({ task_type: plan.taskType, agent_type: plan.agentType });
    if (errorType) agentErrors.inc({ agent_type: plan.agentType, error_type: errorType });
    return seconds;
  }

  /**
   * A failed top-level run is dispatched again while the retry policy allows. Only retries
   * beyond the policy's initial ones: the simulated error ratios are what is left after the
   * agents' usual retries, so only the feedback loop's extra retries add runs.
   */
  private retry(plan: RunPlan, errorType: ErrorType): void {
    if (plan.depth !== 0 || !RETRYABLE.has(errorType)) return;
    const policy = this.adaptation.retryPolicy(plan.agentType);
    const extra = policy.maxRetries - this.adaptation.bounds.retries.initial.maxRetries;
    const attempt = (plan.forced.attempt ?? 0) + 1;
    if (attempt > extra) return;
    const backoffSeconds = ((policy.backoffMs / 1000) * 2 ** (attempt - 1));
    void this.clock.sleep(backoffSeconds).then(() => {
      if (!this.stopped) this.dispatch(plan.agentType, { ...plan.forced, attempt });
    });
  }

  private async work(plan: RunPlan, memory: InMemoryAgentMemory, sessionId: string, state: RunState): Promise<void> {
    const { rng } = plan;
    const inputKey = `${TASKS_NAMESPACE}/${plan.taskId}`;
    const readSeconds = round3(rng.logNormal(0.008, 0.4));
    withMemoryReadSpan({ 'aqe.memory.namespace': TASKS_NAMESPACE, 'aqe.memory.key': plan.taskId }, (span) => {
      span.setAttributes({ 'aqe.memory.hit': memory.retrieve(inputKey) !== undefined });
    });
    operationDuration.record(readSeconds, { operation_type: 'memory_read' });
    state.elapsed += readSeconds;

    for (const [index, step] of plan.steps.entries()) {
      const failure = plan.failure?.at === index ? plan.failure : undefined;
      if (step.kind === 'model') await this.modelCall(plan, step, failure, sessionId, state);
      else await this.toolCall(plan, step, index, failure, state);
      if (index === plan.childrenAfterStep && plan.children.length > 0) {
        const self: Handoff = { agentId: plan.agentId, taskId: plan.taskId, sessionId };
        // In the task span's context: the children's create_agent spans belong to this trace.
        const totals = await Promise.all(plan.children.map((child) => this.spawn({ ...child, parent: self }, memory)));
        state.elapsed += Math.max(...totals);
      }
    }
    if (plan.failure && plan.failure.at >= plan.steps.length) throw new SimulatedFailure(plan.failure.status, plan.failure.errorType);

    reportRun(plan, this.world, () =>
      this.emit({ kind: 'critical-finding', cweCategory: P.criticalFinding.cweCategory, agentId: plan.agentId, taskId: plan.taskId, ...this.time() }),
    );
    const writeSeconds = round3(rng.logNormal(0.015, 0.4));
    withMemoryWriteSpan({ 'aqe.memory.namespace': RESULTS_NAMESPACE, 'aqe.memory.key': plan.taskId }, () =>
      memory.store(`${RESULTS_NAMESPACE}/${plan.taskId}`, { status: 'success', seconds: state.elapsed }),
    );
    operationDuration.record(writeSeconds, { operation_type: 'memory_write' });
    state.elapsed += writeSeconds;
  }

  private modelCall(plan: RunPlan, step: Extract<Step, { kind: 'model' }>, failure: Failure | undefined, sessionId: string, state: RunState): Promise<void> {
    return withModelCallSpan(
      {
        'gen_ai.provider.name': PROVIDER_OF[step.model],
        'gen_ai.request.model': step.model,
        'gen_ai.response.model': step.model,
        'aqe.agent.type': plan.agentType,
        'gen_ai.agent.name': plan.agentType,
        'gen_ai.conversation.id': sessionId,
      },
      async () => {
        const seconds = failure ? failure.seconds : step.seconds;
        await this.clock.sleep(seconds);
        state.elapsed += seconds;
        operationDuration.record(seconds, { operation_type: 'model_call' });
        if (failure) throw new SimulatedFailure(failure.status, failure.errorType);
        // Agents record the model the provider says answered. Now and then that is a dated
        // snapshot id the price table does not list: it is recorded as `other` and counted
        // as a rejected label value, as it would be in production.
        const answered: string = step.snapshot ? `${step.model}-${step.snapshot}` : step.model;
        // Long answers stream: their first chunk comes after the prompt is read, a fixed share
        // of the call (no random draw, so seeded runs stay what they were).
        const streamed = step.usage.outputTokens >= STREAMED_FROM_TOKENS ? { timeToFirstChunkSeconds: round3(seconds * FIRST_CHUNK_SHARE) } : {};
        state.cost += recordTokenUsage({ ...step.usage, ...streamed }, { agent_type: plan.agentType, model: answered as Model, task_type: plan.taskType });
      },
    );
  }

  private toolCall(plan: RunPlan, step: Extract<Step, { kind: 'tool' }>, index: number, failure: Failure | undefined, state: RunState): Promise<void> {
    return withToolCallSpan({ 'gen_ai.tool.name': step.tool, 'gen_ai.tool.call.id': `${plan.taskId}-call-${index}`, 'aqe.agent.type': plan.agentType }, async () => {
      const seconds = failure ? failure.seconds : step.seconds;
      await this.clock.sleep(seconds);
      state.elapsed += seconds;
      operationDuration.record(seconds, { operation_type: 'tool_call' });
      if (failure) throw new SimulatedFailure(failure.status, failure.errorType);
    });
  }
}
