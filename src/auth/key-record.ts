/**
 * What an API key may do. Stored as JSON in the KEYS namespace under the
 * key's SHA-256; the key itself is never stored.
 */
export interface Limits {
  /** Requests per calendar minute (fixed window), every protected route counted. */
  requestsPerMinute: number;
  /** Batches running at once (a batch stops counting when it completes or is deleted). */
  concurrentBatches: number;
  /** Frames one clip may receive. */
  framesPerClip: number;
  /** Request body bytes per UTC day (analyze, clip frames, uploads). */
  bytesPerDay: number;
}

export interface KeyRecord {
  /** Public, stable identifier: the first 24 hex digits of the key's SHA-256. Owns clips, batches, uploads. */
  id: string;
  name: string;
  createdAt: string;
  /** ISO time after which the key no longer works (demo keys). */
  expiresAt?: string;
  /** Set by `npm run keys -- revoke`. */
  revokedAt?: string;
  limits: Limits;
}

/**
 * The authenticated caller, as routes see it. `recordKey` names its KV
 * record (absent for the local development key), so what the key hands out
 * (upload URLs) can be checked against the record's current state later.
 */
export type ApiKey = Pick<KeyRecord, "id" | "name" | "limits" | "expiresAt"> & { recordKey?: string };

export const DEFAULT_LIMITS: Limits = {
  requestsPerMinute: 120,
  concurrentBatches: 4,
  framesPerClip: 5000,
  bytesPerDay: 2 * 1024 ** 3,
};

/** The demo page's keys: enough to try every feature by hand, not to run a service on. */
export const DEMO_LIMITS: Limits = {
  requestsPerMinute: 30,
  concurrentBatches: 1,
  framesPerClip: 300,
  bytesPerDay: 50 * 1024 ** 2,
};

/** Record from KV JSON; null if it is not a usable record. */
export function parseKeyRecord(value: unknown): KeyRecord | null {
  if (!value || typeof value !== "object") return null;
  const r = value as Partial<KeyRecord>;
  if (typeof r.id !== "string" || typeof r.name !== "string" || !r.limits) return null;
  return { ...r, limits: { ...DEFAULT_LIMITS, ...r.limits } } as KeyRecord;
}

/** Why a record does not authenticate right now, or null if it does. */
export function unusableReason(r: KeyRecord, now: number): string | null {
  if (r.revokedAt) return "revoked";
  if (r.expiresAt && Date.parse(r.expiresAt) <= now) return "expired";
  return null;
}
