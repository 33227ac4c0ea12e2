import type { Command } from '../command';
import { BACKENDS, IN_CLUSTER_COLLECTOR, isSet, JAEGER, TRACE_FILE, type Backend, type Unset } from '../config';
import { EXIT } from '../errors';
import { table } from '../output';

export const config: Command = {
  name: 'config',
  summary: 'the resolved backend URLs and trace file, and where each came from',
  usage: [
    'Each URL comes from its flag, else its environment variable, else the in-cluster default:',
    ...(Object.keys(BACKENDS) as Backend[]).map((b) => `  ${BACKENDS[b].title.padEnd(12)}  --${BACKENDS[b].flag.padEnd(12)}  ${BACKENDS[b].env.padEnd(27)}  ${BACKENDS[b].default}`),
    ...[JAEGER, TRACE_FILE].map((o) => `  ${o.title.padEnd(12)}  --${o.flag.padEnd(12)}  ${o.env.padEnd(27)}  none (trace reads the trace file when Jaeger is unset)`),
  ].join('\n'),
  arguments: [],
  options: {},
  flags: {},
  async run(context) {
    const { config: resolved } = context;
    if (context.json) {
      context.io.out(JSON.stringify(resolved, null, 2) + '\n');
      return EXIT.ok;
    }
    const rows = (Object.keys(BACKENDS) as Backend[]).map((b) => {
      const s = resolved[b];
      return [BACKENDS[b].title, s.url, s.source === 'default' ? 'default' : `${s.source} (${s.from})`];
    });
    const unset = (u: Unset) => ['(not set)', `unset (${u.from})`];
    const { jaeger, traceFile } = resolved;
    rows.push([JAEGER.title, ...(isSet(jaeger) ? [jaeger.url, `${jaeger.source} (${jaeger.from})`] : unset(jaeger))]);
    rows.push([TRACE_FILE.title, ...(isSet(traceFile) ? [traceFile.path, `${traceFile.source} (${traceFile.from})`] : unset(traceFile))]);
    context.io.out(table([['BACKEND', 'URL', 'SOURCE'], ...rows]));
    context.io.out(context.paint.dim(`(the collector default is the agents' view; in the cluster it is ${IN_CLUSTER_COLLECTOR})`) + '\n');
    return EXIT.ok;
  },
};
