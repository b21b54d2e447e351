import { env } from "cloudflare:workers";
import { batchRoutes } from "../../../src/routes/batches.ts";
import { ProblemError, problemResponse } from "../../../src/routes/problem.ts";
import { newRouter } from "../../../src/routes/router.ts";
import { uploadRoutes } from "../../../src/routes/uploads.ts";

/**
 * The upload and batch routers alone, with the app's problem-details error
 * handling, so these tests do not depend on the rest of the app loading.
 */
const app = newRouter();
app.onError((err, c) => (err instanceof ProblemError ? problemResponse(c, err.code, err.detail, err.extra) : problemResponse(c, "internal", String(err))));
app.route("/", uploadRoutes());
app.route("/", batchRoutes());

export function appFetch(input: string, init?: RequestInit): Promise<Response> {
  return Promise.resolve(app.fetch(new Request(input, init), env));
}
