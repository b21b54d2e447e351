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

/** The server could not be reached at all (after the last attempt). */
export class ConnectionError extends Error {}

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

/** "fetch failed (connect ECONNREFUSED 127.0.0.1:9)": the error and its cause. */
const describe = (err: unknown) =>
  err instanceof Error ? `${err.message}${err.cause ? ` (${String((err.cause as Error).message ?? err.cause)})` : ""}` : String(err);

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
      const body = await res.text().catch(() => "");
      if (attempt + 1 >= policy.attempts) throw new HttpError(res.status, body || why, url);
      onRetry?.(attempt + 1, why);
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 60) * 1000 : backoffMs(attempt, policy.baseMs));
      continue;
    } catch (err) {
      if (err instanceof HttpError) throw err;
      why = describe(err);
      if (attempt + 1 >= policy.attempts) throw new ConnectionError(`${url}: ${why}`);
    }
    onRetry?.(attempt + 1, why);
    await sleep(backoffMs(attempt, policy.baseMs));
  }
}

/**
 * fetchRetry in the shape the typed client (../index.ts) calls fetch:
 * the request's body is read once and sent again on each attempt.
 */
export async function retryingFetch(request: Request): Promise<Response> {
  const body = request.body ? await request.arrayBuffer() : undefined;
  return fetchRetry(request.url, () => ({ method: request.method, headers: request.headers, body }));
}

/** The problem code and detail of an error answer's body (RFC 9457), else the status and text. */
export function problemOf(status: number, text: string): { code: string; detail?: string; status: number } {
  try {
    const p = JSON.parse(text) as { code?: unknown; detail?: unknown };
    if (typeof p.code === "string") return { code: p.code, ...(typeof p.detail === "string" ? { detail: p.detail } : {}), status };
  } catch {
    // not JSON
  }
  return { code: `http_${status}`, detail: text.slice(0, 300), status };
}
