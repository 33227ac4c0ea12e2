/** Entry point: `ts-node --swc sim/main.ts [scenario] [--time-scale 60]` (see sim/cli.ts). */
import { runCli } from './cli';

runCli(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`aqe fleet simulator failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
