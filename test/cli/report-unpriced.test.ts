import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../cli/report/model';
import { WEEKLY_INSTANT } from '../../cli/report/queries';
import { cli } from '../support/cli';

/**
 * `aqe telemetry report weekly` names the models the price table does not price, with their
 * calls, from the unpriced-calls counter: a fake Prometheus answers that one query with two
 * names (and `other`, past the label's cap) and every other query with nothing.
 */

let server: Server;
let url: string;
let unpriced: { metric: Record<string, string>; value: [number, string] }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (c) => (body += c));
    request.on('end', () => {
      const query = new URLSearchParams(body).get('query');
      const range = request.url?.startsWith('/api/v1/query_range');
      const result = !range && query === WEEKLY_INSTANT.unpricedCalls.text ? unpriced : [];
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ status: 'success', data: { resultType: range ? 'matrix' : 'vector', result } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const section = (report: Report) => report.sections.find((s) => s.title === 'Unpriced models')!;

describe('report weekly: unpriced models', () => {
  it('lists each unpriced model with its calls, most first', async () => {
    const t = Math.floor(Date.now() / 1000);
    unpriced = [
      { metric: { unpriced_model: 'claude-sonnet-4-5-20250929' }, value: [t, '3.0000001'] },
      { metric: { unpriced_model: 'llama-9000' }, value: [t, '41.99'] },
      { metric: { unpriced_model: 'other' }, value: [t, '7'] },
    ];
    const run = await cli(['report', 'weekly', '--json', '--prometheus', url]);
    expect(run.code, run.stderr).toBe(0);
    const { table, note } = section(JSON.parse(run.stdout) as Report);
    expect(table?.rows).toEqual([
      ['llama-9000', 42],
      ['other', 7],
      ['claude-sonnet-4-5-20250929', 3],
    ]);
    expect(note).toMatch(/cost 0.*schema\/prices\.ts/);
    const markdown = await cli(['report', 'weekly', '--prometheus', url]);
    expect(markdown.stdout).toMatch(/Unpriced models[\s\S]*llama-9000[\s\S]*42/);
  });

  it('says every call was priced when none was not', async () => {
    unpriced = [];
    const run = await cli(['report', 'weekly', '--json', '--prometheus', url]);
    expect(run.code, run.stderr).toBe(0);
    const s = section(JSON.parse(run.stdout) as Report);
    expect(s.table).toBeUndefined();
    expect(s.note).toBe('Every model call of the week was priced.');
  });
});
