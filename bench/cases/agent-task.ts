import { recordTokenUsage } from '../../out/instrumentation';
import { agentDuration, agentsActive, agentSpawns, tasksCompleted } from '../../out/instrumentation/metrics';
import { withAgentExecuteSpan, withModelCallSpan, withToolCallSpan } from '../../out/instrumentation/spans';
import { cpuMicros, cpuWork, stats, yieldToEventLoop, type Stats } from '../harness';

/**
 * Case 3: a simulated agent task (~2 ms of CPU work: half in a "model call", half in a
 * "tool call") with every instrumentation point an agent run has, against the same work
 * bare. The work is a fixed CPU loop (harness.cpuWork), not a timer.
 */

const AGENT = 'qe-test-generator';
const TASK = 'unit-test-generation';
const MODEL = 'claude-sonnet-4-5';

/** Spans each instrumented task ends: invoke_agent, chat, execute_tool. */
export const SPANS_PER_TASK = 3;

export interface AgentTaskOptions {
  /** cpuWork rounds per task (calibrated to ~2 ms), split between the model and the tool call. */
  readonly workRounds: number;
  /** Tasks per batch; one sample is the mean over a batch. Keep batch * 3 spans under the BatchSpanProcessor queue (2048). */
  readonly batch: number;
  /** Rounds of A,B,B,A batches (two samples per variant per round). */
  readonly rounds: number;
  readonly warmupTasks: number;
}

export function bareTask(workRounds: number): void {
  cpuWork(workRounds >> 1); // the model call
  cpuWork(workRounds >> 1); // the tool call
}

let taskSeq = 0;

export function instrumentedTask(workRounds: number): void {
  const id = `task-${++taskSeq}`;
  agentsActive.inc({ agent_type: AGENT });
  const stopTimer = agentDuration.startTimer({ agent_type: AGENT, task_type: TASK });
  withAgentExecuteSpan(
    { 'aqe.agent.type': AGENT, 'gen_ai.agent.name': AGENT, 'aqe.task.id': id, 'aqe.task.type': TASK, 'aqe.task.priority': 'high' },
    (span) => {
      withModelCallSpan({ 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': MODEL, 'aqe.agent.type': AGENT }, () => {
        cpuWork(workRounds >> 1);
        recordTokenUsage({ inputTokens: 1200, outputTokens: 300, cacheReadTokens: 5000 }, { agent_type: AGENT, model: MODEL, task_type: TASK });
      });
      withToolCallSpan({ 'gen_ai.tool.name': 'run_tests', 'gen_ai.tool.call.id': id, 'aqe.agent.type': AGENT }, () => {
        cpuWork(workRounds >> 1);
      });
      span.setAttributes({ 'aqe.agent.status': 'success' });
    },
  );
  stopTimer({ status: 'success' });
  agentSpawns.inc({ agent_type: AGENT, status: 'success' });
  tasksCompleted.inc({ task_type: TASK, agent_type: AGENT });
  agentsActive.dec({ agent_type: AGENT });
}

/** The metric calls of instrumentedTask alone (10 records: 5 helpers + recordTokenUsage's 5). */
export function metricsOnlyTask(): void {
  agentsActive.inc({ agent_type: AGENT });
  const stopTimer = agentDuration.startTimer({ agent_type: AGENT, task_type: TASK });
  recordTokenUsage({ inputTokens: 1200, outputTokens: 300, cacheReadTokens: 5000 }, { agent_type: AGENT, model: MODEL, task_type: TASK });
  stopTimer({ status: 'success' });
  agentSpawns.inc({ agent_type: AGENT, status: 'success' });
  tasksCompleted.inc({ task_type: TASK, agent_type: AGENT });
  agentsActive.dec({ agent_type: AGENT });
}

/** The three spans of instrumentedTask alone, with the same attributes. */
export function spansOnlyTask(): void {
  const id = `task-${++taskSeq}`;
  withAgentExecuteSpan(
    { 'aqe.agent.type': AGENT, 'gen_ai.agent.name': AGENT, 'aqe.task.id': id, 'aqe.task.type': TASK, 'aqe.task.priority': 'high' },
    (span) => {
      withModelCallSpan({ 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': MODEL, 'aqe.agent.type': AGENT }, () => {});
      withToolCallSpan({ 'gen_ai.tool.name': 'run_tests', 'gen_ai.tool.call.id': id, 'aqe.agent.type': AGENT }, () => {});
      span.setAttributes({ 'aqe.agent.status': 'success' });
    },
  );
}

/** How many instrumented tasks have run in this process (to check no span was dropped). */
export function instrumentedTasksRun(): number {
  return taskSeq;
}

interface Sample {
  readonly wallMicros: number;
  readonly cpuMicros: number;
}

/** Mean wall and CPU µs per task over one batch, then a yield so the batch span processor exports. */
async function batch(task: (workRounds: number) => void, workRounds: number, tasks: number): Promise<Sample> {
  const cpu = cpuMicros();
  const start = process.hrtime.bigint();
  for (let i = 0; i < tasks; i++) task(workRounds);
  const wallMicros = Number(process.hrtime.bigint() - start) / 1e3 / tasks;
  const sample = { wallMicros, cpuMicros: (cpuMicros() - cpu) / tasks };
  await yieldToEventLoop();
  return sample;
}

export interface AgentTaskResults {
  readonly bareMicros: Stats;
  readonly instrumentedMicros: Stats;
  /** Per round: (instrumented - bare) / bare wall time, in percent. */
  readonly overheadPct: Stats;
  /** Per round: instrumented - bare wall time, in µs per task. */
  readonly overheadMicros: Stats;
  /** Per round: the same on process CPU time (insensitive to being preempted). */
  readonly cpuOverheadPct: Stats;
  readonly cpuOverheadMicros: Stats;
}

/**
 * Interleaved A/B/B/A batches; the overhead of a round compares the two B batches with the
 * two A batches around them, so a drift in machine speed during the round cancels out.
 */
export async function runAgentTask(options: AgentTaskOptions): Promise<AgentTaskResults> {
  for (let done = 0; done < options.warmupTasks; done += options.batch) {
    await batch(bareTask, options.workRounds, options.batch);
    await batch(instrumentedTask, options.workRounds, options.batch);
  }
  const bare: number[] = [];
  const instrumented: number[] = [];
  const pct: number[] = [];
  const micros: number[] = [];
  const cpuPct: number[] = [];
  const cpuUs: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const a1 = await batch(bareTask, options.workRounds, options.batch);
    const b1 = await batch(instrumentedTask, options.workRounds, options.batch);
    const b2 = await batch(instrumentedTask, options.workRounds, options.batch);
    const a2 = await batch(bareTask, options.workRounds, options.batch);
    bare.push(a1.wallMicros, a2.wallMicros);
    instrumented.push(b1.wallMicros, b2.wallMicros);
    const a = (a1.wallMicros + a2.wallMicros) / 2;
    const b = (b1.wallMicros + b2.wallMicros) / 2;
    pct.push(((b - a) / a) * 100);
    micros.push(b - a);
    const ac = (a1.cpuMicros + a2.cpuMicros) / 2;
    const bc = (b1.cpuMicros + b2.cpuMicros) / 2;
    cpuPct.push(((bc - ac) / ac) * 100);
    cpuUs.push(bc - ac);
  }
  return {
    bareMicros: stats(bare),
    instrumentedMicros: stats(instrumented),
    overheadPct: stats(pct),
    overheadMicros: stats(micros),
    cpuOverheadPct: stats(cpuPct),
    cpuOverheadMicros: stats(cpuUs),
  };
}

/**
 * The instrumentation alone, tasks with no work back to back: µs per task spent in
 * telemetry with every cache hot. Chunks of `chunk` tasks with a yield between them, so
 * the batch span processor exports instead of dropping spans.
 */
export async function instrumentationOnlyMicros(task: () => void, tasksPerRound: number, rounds: number, chunk = 200): Promise<Stats> {
  const round = async (): Promise<number> => {
    let ns = 0n;
    for (let done = 0; done < tasksPerRound; done += chunk) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < chunk; i++) task();
      ns += process.hrtime.bigint() - start;
      await yieldToEventLoop();
    }
    return Number(ns) / 1e3 / tasksPerRound;
  };
  await round(); // warm-up
  await round();
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) samples.push(await round());
  return stats(samples);
}
