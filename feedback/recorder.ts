/**
 * Every adaptation leaves three traces: the `aqe.feedback.adaptations_total` counter, an
 * `aqe.feedback.adaptation` event on a short `aqe.feedback.adapt` span (a child of the
 * active span, if any), and a log line. None of them can throw into the loop.
 */
import { diag } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { AgentType, FeedbackAction, FeedbackBehaviour, FeedbackMode } from '../out/instrumentation/labels';
import { feedbackAdaptations } from '../out/instrumentation/metrics';
import { createLogger } from '../runtime/logger';
import { runInSpan, SpanKind, type SpanSpec } from '../runtime/spans';

/** One decision of the loop, as recorded and written to the state file. */
export interface AdaptationRecord {
  /** ms since the epoch. */
  readonly at: number;
  readonly behaviour: FeedbackBehaviour;
  /** Agent type or project the observation was about. */
  readonly subject: string;
  readonly agentType: AgentType;
  readonly action: FeedbackAction;
  readonly mode: FeedbackMode;
  /** The trigger, in words, and the values that met it. */
  readonly trigger: string;
  readonly observed: number;
  readonly threshold: number;
  readonly detail: string;
}

const ADAPT_SPAN: SpanSpec<Record<string, string>> = { name: () => 'aqe.feedback.adapt', kind: SpanKind.INTERNAL, fixedAttributes: {} };

export class AdaptationRecorder {
  private readonly log: Logger;

  constructor(log?: Logger) {
    this.log = log ?? createLogger({ name: 'aqe-feedback' });
  }

  record(r: AdaptationRecord): void {
    try {
      feedbackAdaptations.inc({ agent_type: r.agentType, behaviour: r.behaviour, action: r.action, mode: r.mode });
    } catch (error) {
      diag.debug('aqe-feedback: could not count an adaptation', error);
    }
    const attributes = {
      'aqe.agent.type': r.agentType,
      'aqe.feedback.behaviour': r.behaviour,
      'aqe.feedback.action': r.action,
      'aqe.feedback.mode': r.mode,
      'aqe.feedback.subject': r.subject,
      'aqe.feedback.observed': r.observed,
      'aqe.feedback.threshold': r.threshold,
    };
    try {
      runInSpan(ADAPT_SPAN, {}, (span) => {
        span.addEvent('aqe.feedback.adaptation', { ...attributes, 'aqe.feedback.detail': r.detail });
      });
    } catch (error) {
      diag.debug('aqe-feedback: could not record the span event', error);
    }
    try {
      this.log.info(
        { behaviour: r.behaviour, action: r.action, mode: r.mode, agent_type: r.agentType, subject: r.subject, observed: r.observed, threshold: r.threshold },
        '%s %s on %s (%s: observed %s, threshold %s): %s',
        r.mode === 'dry_run' ? 'would' : 'did',
        r.action,
        r.subject,
        r.trigger,
        round(r.observed),
        r.threshold,
        r.detail,
      );
    } catch (error) {
      diag.debug('aqe-feedback: could not log an adaptation', error);
    }
  }
}

/** Counters at 0 for the pairs the loop watches, so the series exist before anything adapts (usual Prometheus practice). */
export function initialiseAdaptationCounters(pairs: readonly { agentType: AgentType; behaviour: FeedbackBehaviour; action: FeedbackAction }[], mode: FeedbackMode): void {
  try {
    for (const p of pairs) feedbackAdaptations.add(0, { agent_type: p.agentType, behaviour: p.behaviour, action: p.action, mode });
  } catch (error) {
    diag.debug('aqe-feedback: could not initialise the counters', error);
  }
}

const round = (value: number) => String(Math.round(value * 1000) / 1000);
