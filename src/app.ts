import { newRouter } from "./routes/router.ts";
import { HTTPException } from "hono/http-exception";
import { codeForStatus, ProblemError, problemResponse } from "./routes/problem.ts";
import { healthRoutes } from "./routes/health.ts";
import { analyzeRoutes } from "./routes/analyze.ts";
import { modelRoutes } from "./routes/models.ts";
import { uploadRoutes } from "./routes/uploads.ts";
import { batchRoutes } from "./routes/batches.ts";
import { clipRoutes } from "./routes/clips.ts";

export function buildApp() {
  const app = newRouter();

  app.onError((err, c) => {
    if (err instanceof ProblemError) return problemResponse(c, err.code, err.detail, err.extra);
    // Hono's own 4xx (e.g. a malformed JSON body) are the client's mistakes too.
    if (err instanceof HTTPException && err.status < 500) return problemResponse(c, codeForStatus(err.status), err.message);
    console.error("unhandled", err);
    return problemResponse(c, "internal", "The server failed to handle this request.");
  });
  app.notFound((c) => problemResponse(c, "not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`));

  app.route("/", healthRoutes());
  app.route("/", modelRoutes());
  app.route("/", analyzeRoutes());
  app.route("/", uploadRoutes());
  app.route("/", batchRoutes());
  app.route("/", clipRoutes());

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Faceflare",
      version: "0.1.0",
      description:
        "Facial expression and attribute recognition at the edge. Predictions describe a face's appearance in one image; they do not reveal a person's inner emotional state, identity, age, gender or ethnicity.",
    },
  });
  return app;
}

export type App = ReturnType<typeof buildApp>;
