/**
 * Gives the event loop a few turns. workerd runs all requests of an isolate
 * on one thread, and a model run is synchronous wasm: a request that
 * computes from start to end holds every other request of the isolate (a
 * health check, a one-face photo) until it is done. Awaiting a resolved
 * promise is no turn at all (microtasks run before any I/O); a zero-delay
 * timer is one. One turn is not enough for another request to get through:
 * receiving it, running its handler and sending its answer are separate
 * events. Measured in `wrangler dev` (GET /v1/health every 100 ms beside a
 * 24-face request with every task, shared 2-core VM under heavy load):
 * no yield, health waited 19.4 s; one turn between model runs, p50 1.9 s;
 * three turns, p50 0.57 s, max 1.2 s, about one model run.
 * In workerd the timer is `scheduler.wait(0)`, elsewhere `setTimeout(0)`.
 */
type Scheduler = { wait?: (ms: number) => Promise<void> };

const TURNS = 3;

const turn = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.wait === "function") return scheduler.wait(0);
  return new Promise((resolve) => setTimeout(resolve, 0));
};

export async function yieldToEventLoop(): Promise<void> {
  for (let i = 0; i < TURNS; i++) await turn();
}
