import type { Context } from "hono";
import type { AppBindings } from "../env.ts";
import { FaceflareError } from "../core/errors.ts";

/** The id of the key making this request: the owner of what it creates. */
export const callerId = (c: Context<AppBindings>): string => c.get("apiKey").id;

/**
 * The single ownership check. Another key's resource answers exactly like a
 * missing one (404, same detail), so ids cannot be probed.
 */
export function assertOwner(c: Context<AppBindings>, owner: string | null | undefined, what: string): void {
  if (!owner || owner !== callerId(c)) throw new FaceflareError("not_found", `No such ${what}.`);
}
