import { cpus, totalmem } from 'node:os';

/** What the numbers were measured on; printed with them, because absolute numbers only mean anything next to it. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly date: string;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };
}

export function formatMachine(m: Machine): string {
  return [
    `CPU      ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB)`,
    `Node     ${m.node} (V8 ${m.v8}), ${m.platform}`,
    `Date     ${m.date}`,
  ].join('\n');
}
