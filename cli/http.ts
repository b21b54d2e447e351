/** fetch with retries on transient failures: network errors, 429 and 5xx. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    url: string,
  ) {
    super(`${status} from ${url}: ${body.slice(0, 300)}`);
  }
}

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 250 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Exponential backoff with jitter: base * 2^n * [0.5, 1.5). */
export function backoffMs(attempt: number, baseMs: number): number {
  return Math.min(30_000, baseMs * 2 ** attempt * (0.5 + Math.random()));
}

function isTransient(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * `init` is a function so a body can be rebuilt for each attempt. `onRetry`
 * tells the caller an attempt will be repeated (uploads use it to accept a
 * 409 that their own lost attempt caused). Non-transient errors throw at once.
 */
export async function fetchRetry(
  url: string,
  init: () => RequestInit,
  policy: RetryPolicy = DEFAULT_RETRY,
  onRetry?: (attempt: number, why: string) => void,
): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    let why: string;
    try {
      const res = await fetch(url, init());
      if (!isTransient(res.status)) return res;
      why = `HTTP ${res.status}`;
      const retryAfter = Number(res.headers.get("retry-after"));
      await res.body?.cancel();
      if (attempt + 1 >= policy.attempts) throw new HttpError(res.status, why, url);
      onRetry?.(attempt + 1, why);
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoffMs(attempt, policy.baseMs));
      continue;
    } catch (err) {
      if (err instanceof HttpError) throw err;
      why = err instanceof Error ? `${err.message}${err.cause ? ` (${String((err.cause as Error).message ?? err.cause)})` : ""}` : String(err);
      if (attempt + 1 >= policy.attempts) throw new Error(`${url}: ${why}`);
    }
    onRetry?.(attempt + 1, why);
    await sleep(backoffMs(attempt, policy.baseMs));
  }
}

/**
 * fetchRetry in the shape the typed client (client/index.ts) calls fetch:
 * the request's body is read once and sent again on each attempt.
 */
export async function retryingFetch(request: Request): Promise<Response> {
  const body = request.body ? await request.arrayBuffer() : undefined;
  return fetchRetry(request.url, () => ({ method: request.method, headers: request.headers, body }));
}
