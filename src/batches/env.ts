import type { Env } from "../env.ts";

/** The batch feature's bindings are part of Env (src/env.ts); kept as a name for its modules. */
export type BatchEnv = Env;
