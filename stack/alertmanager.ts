import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startProcess, type RunningProcess } from './process';
import { requireTool } from './tools';


/** A real Alertmanager (built from its pinned Go module, tools/) on 127.0.0.1, with a temporary store. */
export type RunningAlertmanager = RunningProcess;

/**
 * One peer of an Alertmanager cluster on loopback, as a replica of the StatefulSet is one in
 * the cluster (deploy/k8s/alertmanager.ts): gossip on a port of its own, and every replica's
 * address as a peer.
 */
export interface AlertmanagerPeer {
  /** Gossip port on 127.0.0.1, TCP and UDP. Advertised as 127.0.0.1:<port>: loopback is no address Alertmanager would pick itself. */
  readonly port: number;
  /** `127.0.0.1:<port>` of every replica, this one's included. */
  readonly peers: readonly string[];
  /** Alertmanager's gossip timings, for a test that must not wait minutes; absent: its defaults. */
  readonly timing?: ClusterTiming;
}

/** The `--cluster.*` durations, in milliseconds. */
export interface ClusterTiming {
  /** How long each peer waits per peer before it in the cluster's order before notifying. */
  readonly peerTimeoutMs: number;
  /** How often queued gossip (new silences, notification log entries) is sent. */
  readonly gossipIntervalMs: number;
  /** How often a peer syncs its whole state with another: what repairs a lost gossip message. */
  readonly pushPullIntervalMs: number;
  /** The longest a starting peer waits for the member list to settle before it notifies. */
  readonly settleTimeoutMs: number;
}

export interface AlertmanagerOptions {
  /**
   * Where it keeps silences and the notification log. A directory the caller owns, and keeps
   * on stop, so that a restart starts from the same state. @default a temporary directory
   */
  readonly storageDir?: string;
  /** Clustered with other Alertmanagers. @default none: a single instance without a gossip listener */
  readonly cluster?: AlertmanagerPeer;
}

/**
 * Starts it with a config file path, or with config text (written to a temporary file).
 * `env`: e.g. `SSL_CERT_FILE`, so it trusts a loopback SMTP relay's certificate.
 */
export async function startAlertmanager(
  config: { readonly file: string } | { readonly text: string },
  port?: number,
  env?: Readonly<Record<string, string>>,
  options: AlertmanagerOptions = {},
): Promise<RunningAlertmanager> {
  const binary = requireTool('alertmanager');
  const dir = mkdtempSync(join(tmpdir(), 'aqe-am-'));
  const file = 'file' in config ? config.file : join(dir, 'alertmanager.yaml');
  if ('text' in config) writeFileSync(file, config.text);
  port ??= await freePort();
  return startProcess({
    name: options.cluster ? `alertmanager (gossip on ${options.cluster.port})` : 'alertmanager',
    binary,
    url: `http://127.0.0.1:${port}`,
    ...(env ? { env } : {}),
    args: [
      `--config.file=${file}`,
      `--storage.path=${options.storageDir ?? join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...(options.cluster ? clusterArgs(options.cluster) : ['--cluster.listen-address=']),
      '--log.level=warn',
    ],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  });
}

function clusterArgs(peer: AlertmanagerPeer): string[] {
  const address = `127.0.0.1:${peer.port}`;
  const ms = (n: number) => `${n}ms`;
  const { timing } = peer;
  return [
    `--cluster.listen-address=${address}`,
    `--cluster.advertise-address=${address}`,
    ...peer.peers.map((p) => `--cluster.peer=${p}`),
    ...(timing
      ? [
          `--cluster.peer-timeout=${ms(timing.peerTimeoutMs)}`,
          `--cluster.gossip-interval=${ms(timing.gossipIntervalMs)}`,
          `--cluster.pushpull-interval=${ms(timing.pushPullIntervalMs)}`,
          `--cluster.settle-timeout=${ms(timing.settleTimeoutMs)}`,
        ]
      : []),
  ];
}
