/**
 * Polls `probe` every 200 ms until it returns something; a timeout names what was awaited.
 * For telemetry that reaches a backend some time after the agent sent it.
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not arrive within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
