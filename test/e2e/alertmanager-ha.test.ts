import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDuration } from '../../core/duration';
import { productionOverrides, renderLocalStack } from '../../generators/local-stack';
import { readSources } from '../../generators/sources';
import type { AlertRule } from '../../rules/define';
import { startAlertmanager, type ClusterTiming, type RunningAlertmanager } from '../../stack/alertmanager';
import { startReceivers, type RunningReceivers } from '../../stack/notification-receivers';
import { freePort } from '../../stack/process';
import { TICKS_PER_HOP } from './margins';

/**
 * Alertmanager highly available, proven on loopback with two real Alertmanagers clustered as
 * the StatefulSet's replicas are (deploy/k8s/alertmanager.ts), running the generated config
 * with the receivers' fakes: an alert posted to both, as Prometheus sends it to every replica,
 * is notified once; a silence made on one reaches the other by gossip, and survives a restart
 * from the replica's storage alone.
 */
const sources = readSources(resolve(__dirname, '../..'));
const alerts = sources.rules.files.flatMap((f) => f.groups.flatMap((g) => g.rules.filter((r): r is AlertRule => r.kind === 'alert')));
// A critical alert with channels: routed at once (group_wait 0s in production) to each of them.
const probe = alerts.find((a) => a.severity === 'critical' && a.channels.length > 0)!;
const channels = probe.channels.map((c) => c.name).sort();
const groupWaitMs = parseDuration(sources.rules.timing[probe.severity].groupWait)!;

/**
 * Gossip timings small enough for a test, and how they bound its waits:
 * - a new silence or notification-log entry is sent within a gossip interval; a lost UDP
 *   message is repaired by the next push-pull (a full state sync), so any change reaches the
 *   other peer within a push-pull interval;
 * - a peer notifies only after waiting one peer timeout per peer before it in the cluster's
 *   order, then checks the log: so the timeout must exceed the first's delivery and one push-pull,
 *   with room for a busy CPU (the machine's other core runs other tests);
 * - a starting peer syncs the whole state with its peers as it joins, and then holds its
 *   notifications until the member list settles, at most the settle timeout.
 */
const TIMING: ClusterTiming = { gossipIntervalMs: 100, pushPullIntervalMs: 1000, peerTimeoutMs: 3000, settleTimeoutMs: 2000 };
const REPLICAS = 2;
/** A duplicate would come from the last peer, (REPLICAS - 1) peer timeouts after the first; one more for skew and load. */
const QUIET_MS = REPLICAS * TIMING.peerTimeoutMs;
/**
 * A change made on one peer is on the other within a push-pull and a few gossip rounds; both
 * are timers, TICKS_PER_HOP each on a loaded machine (test/e2e/margins.ts).
 */
const GOSSIP_MS = TICKS_PER_HOP * (TIMING.pushPullIntervalMs + 5 * TIMING.gossipIntervalMs);
/**
 * Only a timeout (what is measured is logged): a cluster to form (the member list settles, a
 * push-pull syncs the state), or the first notification (group_wait, then each peer before the
 * last may wait its peer timeout), each a timer (TICKS_PER_HOP).
 */
const PATIENCE_MS = TICKS_PER_HOP * (TIMING.settleTimeoutMs + TIMING.pushPullIntervalMs + groupWaitMs + REPLICAS * TIMING.peerTimeoutMs);

const run = Date.now().toString(36);
let receivers: RunningReceivers;
let config: string;
let dir: string;

beforeAll(async () => {
  expect(probe, 'a critical alert with channels in rules/').toBeDefined();
  receivers = await startReceivers(sources);
  config = renderLocalStack(sources, { ...productionOverrides(sources), alertmanager: receivers.overrides })['alertmanager/alertmanager.yaml']!;
  dir = mkdtempSync(join(tmpdir(), 'aqe-am-ha-'));
}, 60_000);
afterAll(async () => {
  await receivers?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Two replicas with fixed ports and storage, each of which can be stopped and started again as it was. */
interface Replica {
  current?: RunningAlertmanager;
  start(): Promise<RunningAlertmanager>;
  stop(): Promise<void>;
}

async function replicas(clustered: boolean): Promise<Replica[]> {
  const ports = await Promise.all(Array.from({ length: REPLICAS }, async () => ({ web: await freePort(), gossip: await freePort() })));
  const peers = ports.map((p) => `127.0.0.1:${p.gossip}`);
  return ports.map((p, i) => {
    const storageDir = join(dir, `${clustered ? 'cluster' : 'single'}-${i}`);
    const replica: Replica = {
      start: async () => {
        replica.current = await startAlertmanager({ text: config }, p.web, receivers.alertmanagerEnv, {
          storageDir,
          ...(clustered ? { cluster: { port: p.gossip, peers, timing: TIMING } } : {}),
        });
        return replica.current;
      },
      stop: async () => {
        await replica.current?.stop();
        replica.current = undefined;
      },
    };
    return replica;
  });
}

const running = (set: readonly Replica[]) => set.map((r) => r.current!).filter(Boolean);

async function api<T>(am: RunningAlertmanager, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${am.url}/api/v2/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : undefined) as T };
}

/** The probe alert of one phase, to every replica given, as Prometheus posts it. */
async function post(to: readonly RunningAlertmanager[], project: string): Promise<void> {
  const alert = { labels: { alertname: probe.name, severity: probe.severity, project }, annotations: { summary: `HA probe ${project}` } };
  for (const { status, json } of await Promise.all(to.map((am) => api(am, 'alerts', [alert])))) expect(status, JSON.stringify(json)).toBe(200);
}

/** Firing notifications of one phase's alert, counted by channel. */
function countsFor(project: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of receivers.notifications) {
    if (n.status === 'firing' && n.alertname === probe.name && n.text.includes(`HA probe ${project}`)) counts[n.channel] = (counts[n.channel] ?? 0) + 1;
  }
  return counts;
}

async function until(what: string, done: () => boolean | Promise<boolean>, ms: number, set: readonly Replica[] = []): Promise<number> {
  const start = Date.now();
  while (!(await done())) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}\n${running(set).map((am) => am.output()).join('\n---\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - start;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every running replica sees `members` peers and has settled. */
async function clusterFormed(set: readonly Replica[], members: number): Promise<void> {
  await until(
    `${members} settled cluster members on every replica`,
    async () => {
      const statuses = await Promise.all(running(set).map((am) => api<{ cluster: { status: string; peers: unknown[] } }>(am, 'status')));
      return statuses.every(({ json }) => json.cluster.status === 'ready' && json.cluster.peers.length === members);
    },
    PATIENCE_MS,
    set,
  );
}

const every = (counts: Record<string, number>, n: number) => channels.every((c) => (counts[c] ?? 0) >= n);

describe('Alertmanager highly available, on loopback', () => {
  it('without gossip, two Alertmanagers given the same alert both notify: the duplicate the cluster must prevent, visible to the fakes', async () => {
    const pair = await replicas(false);
    try {
      await Promise.all(pair.map((r) => r.start()));
      const project = `single-${run}`;
      await post(running(pair), project);
      await until(`two notifications on each of ${channels.join(', ')}`, () => every(countsFor(project), 2), PATIENCE_MS, pair);
      expect(countsFor(project)).toEqual(Object.fromEntries(channels.map((c) => [c, 2])));
    } finally {
      await Promise.all(pair.map((r) => r.stop()));
    }
  });

  describe('two clustered replicas', () => {
    let cluster: Replica[];
    let silenceId: string;
    const silenced = `silenced-${run}`;
    beforeAll(async () => {
      cluster = await replicas(true);
      for (const r of cluster) await r.start();
      await clusterFormed(cluster, REPLICAS);
    }, 120_000);
    afterAll(async () => {
      for (const r of cluster ?? []) await r.stop();
    });

    it('notify an alert posted to both once on each of its channels', async () => {
      const project = `once-${run}`;
      await post(running(cluster), project);
      const first = await until(`a notification on each of ${channels.join(', ')}`, () => every(countsFor(project), 1), PATIENCE_MS, cluster);
      // Long enough for the second replica's turn, had it not seen the first one's notification.
      await sleep(QUIET_MS);
      console.log(`first notifications ${first} ms after the post; quiet for ${QUIET_MS} ms after`);
      expect(countsFor(project)).toEqual(Object.fromEntries(channels.map((c) => [c, 1])));
    });

    it('share a silence made on one replica with the other by gossip', async () => {
      const [a, b] = running(cluster);
      const now = Date.now();
      const created = await api<{ silenceID: string }>(a!, 'silences', {
        matchers: [{ name: 'project', value: silenced, isRegex: false, isEqual: true }],
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        createdBy: 'test/e2e/alertmanager-ha.test.ts',
        comment: 'must survive a restart',
      });
      expect(created.status).toBe(200);
      silenceId = created.json.silenceID;
      const took = await until('the silence on the other replica', async () => (await api(b!, `silence/${silenceId}`)).status === 200, GOSSIP_MS, cluster);
      console.log(`silence reached the other replica in ${took} ms (bound ${GOSSIP_MS} ms)`);
    });

    it('keep the silence through a restart from storage alone, and do not notify an alert it matches while another one is notified once', async () => {
      expect(silenceId, 'the silence of the test before').toBeDefined();
      const [a, b] = cluster;
      // The other replica down, so the restarted one can have the silence from its disk only.
      await a!.stop();
      await b!.stop();
      const alone = await b!.start();
      const onDisk = await api<{ status: { state: string } }>(alone, `silence/${silenceId}`);
      expect(onDisk.status, 'the silence after a restart with no peer to learn it from').toBe(200);
      expect(onDisk.json.status.state).toBe('active');

      await a!.start();
      await clusterFormed(cluster, REPLICAS);
      const control = `control-${run}`;
      await Promise.all([post(running(cluster), silenced), post(running(cluster), control)]);
      await until(`the control alert on each of ${channels.join(', ')}`, () => every(countsFor(control), 1), PATIENCE_MS, cluster);
      await sleep(QUIET_MS);
      expect(countsFor(control)).toEqual(Object.fromEntries(channels.map((c) => [c, 1])));
      expect(countsFor(silenced)).toEqual({});
      for (const am of running(cluster)) {
        const { json } = await api<{ labels: Record<string, string>; status: { state: string; silencedBy: string[] } }[]>(am, `alerts?filter=project%3D%22${silenced}%22`);
        expect(json.map((x) => x.status)).toEqual([{ ...json[0]!.status, state: 'suppressed', silencedBy: [silenceId] }]);
      }
    });
  });
});
