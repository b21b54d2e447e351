import { newRouter } from "./http/router.ts";
import { HTTPException } from "hono/http-exception";
import { codeForStatus, problemResponse } from "./http/problem.ts";
import { FaceflareError } from "./core/errors.ts";
import { healthRoutes } from "./routes/health.ts";
import { analyzeRoutes } from "./routes/analyze.ts";
import { modelRoutes } from "./routes/models.ts";
import { uploadRoutes } from "./routes/uploads.ts";
import { batchRoutes } from "./routes/batches.ts";
import { clipRoutes } from "./routes/clips.ts";
import { clipListRoutes } from "./routes/clips-list.ts";
import { demoKeyRoutes } from "./routes/demo-key.ts";
import { apiCors } from "./http/cors.ts";
import { publicRoutesOf, requireApiKey, routesChargingTheirBodyOf, type IsPublicRoute, type RouteTest } from "./auth/middleware.ts";
import { BEARER_SCHEME } from "./http/openapi.ts";
import { securityHeaders } from "./http/security-headers.ts";

/** Response headers a problem implies: Retry-After for limits, the auth scheme for 401. */
function problemHeaders(err: FaceflareError): Record<string, string> {
  const headers: Record<string, string> = {};
  if (typeof err.extra.retryAfter === "number") headers["retry-after"] = String(err.extra.retryAfter);
  if (err.code === "unauthorized") headers["www-authenticate"] = 'Bearer realm="faceflare"';
  return headers;
}

export function buildApp() {
  const app = newRouter();

  app.onError((err, c) => {
    if (err instanceof FaceflareError) return problemResponse(c, err.code, err.detail, err.extra, problemHeaders(err));
    // Hono's own 4xx (e.g. a malformed JSON body) are the client's mistakes too.
    if (err instanceof HTTPException && err.status < 500) return problemResponse(c, codeForStatus(err.status), err.message);
    console.error("unhandled", err);
    return problemResponse(c, "internal", "The server failed to handle this request.");
  });
  app.notFound((c) => problemResponse(c, "not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`));

  // Order matters: headers and CORS wrap everything (errors and preflights
  // included); keys and limits are checked before any /v1 route runs.
  app.use("*", securityHeaders());
  app.use("*", apiCors());
  let isPublic: IsPublicRoute = () => false; // set below, once every route is registered
  let chargesItsBody: RouteTest = () => false; // likewise
  app.use("/v1/*", requireApiKey((method, path) => isPublic(method, path), (method, path) => chargesItsBody(method, path)));

  app.route("/", healthRoutes());
  app.route("/", demoKeyRoutes());
  app.route("/", modelRoutes());
  app.route("/", analyzeRoutes());
  app.route("/", uploadRoutes());
  app.route("/", batchRoutes());
  app.route("/", clipRoutes());
  app.route("/", clipListRoutes());
  isPublic = publicRoutesOf(app.openAPIRegistry);
  chargesItsBody = routesChargingTheirBodyOf(app.openAPIRegistry);

  app.openAPIRegistry.registerComponent("securitySchemes", BEARER_SCHEME, {
    type: "http",
    scheme: "bearer",
    description: "An API key (`npm run keys -- create`, or POST /v1/demo/key for a short-lived one).",
  });
  // `servers` is the origin the document was fetched from, so "Try it out"
  // and generated clients call the deployment that served it.
  app.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    security: [{ [BEARER_SCHEME]: [] }],
    servers: [{ url: new URL(c.req.url).origin, description: "This deployment" }],
    info: {
      title: "Faceflare",
      version: "0.1.0",
      description:
        "Facial expression and attribute recognition at the edge. Predictions describe a face's appearance in one image; they do not reveal a person's inner emotional state, identity, age, gender or ethnicity.",
    },
  }));
  return app;
}

export type App = ReturnType<typeof buildApp>;
