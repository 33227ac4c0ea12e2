import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * What a Kubernetes Service is to the agents: one address in front of the collector replicas.
 * Each new connection goes to the replica the last one went to, or to the next one that
 * accepts when that one refuses (a restarted pod), so an agent's connection moves between
 * replicas as it would in a cluster.
 */
export interface RunningServiceProxy {
  readonly port: number;
  /** Index of the replica new connections go to. */
  current(): number;
  stop(): Promise<void>;
}

export async function startServiceProxy(backends: readonly number[]): Promise<RunningServiceProxy> {
  let current = 0;
  const open = new Set<Socket>();
  const connectTo = (client: Socket, attempt: number): void => {
    if (attempt >= backends.length) {
      client.destroy();
      return;
    }
    const index = (current + attempt) % backends.length;
    const upstream = connect(backends[index]!, '127.0.0.1');
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      current = index;
      open.add(upstream);
      client.pipe(upstream).pipe(client);
      client.resume();
    });
    upstream.once('error', () => {
      // Refused: this replica is down, try the next one. After connecting: the client sees it closed.
      if (!connected) connectTo(client, attempt + 1);
      else client.destroy();
    });
    upstream.once('close', () => {
      open.delete(upstream);
      if (connected) client.destroy();
    });
  };
  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => undefined);
    connectTo(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    current: () => current,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
