import type { Command } from '../command';
import { BACKENDS, IN_CLUSTER_COLLECTOR, type Backend } from '../config';
import { EXIT } from '../errors';
import { table } from '../output';

export const config: Command = {
  name: 'config',
  summary: 'the resolved backend URLs and where each came from',
  usage: [
    'Each URL comes from its flag, else its environment variable, else the in-cluster default:',
    ...(Object.keys(BACKENDS) as Backend[]).map((b) => `  ${BACKENDS[b].title.padEnd(12)}  --${BACKENDS[b].flag.padEnd(12)}  ${BACKENDS[b].env.padEnd(27)}  ${BACKENDS[b].default}`),
  ].join('\n'),
  options: {},
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
    context.io.out(table([['BACKEND', 'URL', 'SOURCE'], ...rows]));
    context.io.out(context.paint.dim(`(the collector default is the agents' view; in the cluster it is ${IN_CLUSTER_COLLECTOR})`) + '\n');
    return EXIT.ok;
  },
};
