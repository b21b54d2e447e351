import type { Env } from "../env.ts";

const seconds = (raw: string | undefined, fallback: number) => {
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

/** How long each kind of stored data may live (README, "What is kept"). */
export function retention(env: Env) {
  return {
    /** An uploaded image no batch has consumed. */
    uploadMs: seconds(env.UPLOAD_RETENTION_SECONDS, 86_400) * 1000,
    /** A finished batch: its results, item lines and progress record. */
    resultMs: seconds(env.RESULT_RETENTION_SECONDS, 7 * 86_400) * 1000,
  };
}
