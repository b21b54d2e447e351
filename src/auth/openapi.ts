import { problemResponses } from "../routes/problem.ts";

/** Name of the bearer scheme in the OpenAPI document (registered in app.ts). */
export const BEARER_SCHEME = "bearerAuth";

/** Answers every protected route can give besides its own. */
export const authResponses = () => problemResponses("unauthorized", "rate_limited");

/** `security` of a route anyone may call. */
export const PUBLIC_SECURITY: Record<string, string[]>[] = [];
