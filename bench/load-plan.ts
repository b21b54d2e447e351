/** What bench/load.ts hands to the load client (bench/load-client.ts), and what comes back. */
export interface LoadKey {
  name: string;
  key: string;
  requestsPerMinute: number;
  clipId: string;
  batchId: string;
}

export interface LoadPlan {
  url: string;
  keys: LoadKey[];
  photos: string[];
  /** Requests per second, all keys together; the schedule is fixed in advance (open loop). */
  rate: number;
  durationSeconds: number;
  /** Requests in flight at most; a request due while the client is full waits for a free slot. */
  maxInFlight: number;
}

export type RequestKind = "analyze" | "clip-frame" | "own-read" | "cross-owner";

export interface LoadSample {
  kind: RequestKind;
  key: string;
  status: number;
  ms: number;
  /** Ms between when the request was due and when it was sent (client saturation). */
  lagMs: number;
  /** A 2xx for someone else's resource, or an own read that answered with another resource. */
  wrongOwner: boolean;
  error?: string;
}
