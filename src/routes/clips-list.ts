import { z } from "@hono/zod-openapi";
import { clipStub } from "../clips/clip-id.ts";
import { newRouter } from "../http/router.ts";
import { jsonResponse, protectedErrors, route } from "../http/openapi.ts";
import { callerId } from "../auth/ownership.ts";
import { listOwned, ListQuery, pageSchema } from "./owned-list.ts";

/** GET /v1/clips: the caller's clips, newest first (the index is the key's OwnerObject; each clip is read from its own object). */
const ClipListItem = z
  .object({
    id: z.string(),
    mode: z.enum(["single", "group"]),
    classifier: z.string().nullable(),
    framesReceived: z.number().int(),
    framesWithFaces: z.number().int(),
    createdAt: z.string(),
    expiresAt: z.string(),
    url: z.string(),
  })
  .openapi("ClipListItem");

const list = route("get", "/v1/clips", "clips", {
  operationId: "listClips",
  summary: "The caller's clips, newest first",
  description: "Clips that expired or were deleted are not listed.",
  request: { query: ListQuery },
  responses: { 200: jsonResponse("A page of clips", pageSchema(ClipListItem, "ClipPage")), ...protectedErrors("bad_options") },
});

const iso = (ms: number) => new Date(ms).toISOString();

export function clipListRoutes() {
  const r = newRouter();
  r.openapi(list, async (c) => {
    const query = c.req.valid("query");
    const page = await listOwned(
      c.env,
      callerId(c),
      "clip",
      query,
      async (entry) => {
        const info = await clipStub(c.env, entry.id).info();
        if (!info || info.owner !== callerId(c)) return null;
        return {
          id: entry.id,
          mode: info.mode,
          classifier: info.classifier,
          framesReceived: info.framesReceived,
          framesWithFaces: info.framesWithFaces,
          createdAt: iso(info.createdAt),
          expiresAt: iso(info.expiresAt),
          url: new URL(`/v1/clips/${entry.id}`, c.req.url).href,
        };
      },
      c.req.url,
    );
    return c.json(page, 200);
  });
  return r;
}
