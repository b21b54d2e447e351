import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";

/** Placeholder until the clip issue lands: one Durable Object per clip. */
export class ClipObject extends DurableObject<Env> {}
