/**
 * The time windows, for rule files: declared in core/windows.ts, below schema/, because the
 * SLO policy (schema/slo-policy.ts) states its windows with them too.
 */
export * from '../core/windows';
