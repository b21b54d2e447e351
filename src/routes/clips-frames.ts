import type { Context } from "hono";
import type { AppBindings } from "../env.ts";
import { FaceflareError } from "../core/errors.ts";
import { FramesFormSchema, MAX_FRAMES_PER_REQUEST } from "./clips-schemas.ts";

export interface FrameInput {
  index: number;
  bytes: Uint8Array;
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The frames of a POST /v1/clips/{id}/frames request: multipart `frame` files
 * paired in order with `index` fields (already validated by the route's
 * schema), or one raw image body with `?index=N`.
 */
export async function readFrames(c: Context<AppBindings>, queryIndex: string | undefined): Promise<FrameInput[]> {
  const type = c.req.header("content-type") ?? "";
  if (/^multipart\/form-data/i.test(type)) {
    const body = await c.req.parseBody({ all: true }).catch(() => {
      throw new FaceflareError("bad_options", "Malformed multipart body.");
    });
    const parsed = FramesFormSchema.safeParse(body);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
      throw new FaceflareError("bad_options", errors.map((e) => `${e.path || "(root)"}: ${e.message}`).join("; "), { errors });
    }
    const form = parsed.data;
    const files = asArray(form.frame);
    const indices = asArray(form.index);
    if (files.length !== indices.length) throw new FaceflareError("bad_options", `${files.length} frame files but ${indices.length} index values; send one index per frame.`);
    if (files.length > MAX_FRAMES_PER_REQUEST) throw new FaceflareError("bad_options", `At most ${MAX_FRAMES_PER_REQUEST} frames per request.`);
    return Promise.all(files.map(async (f, i) => ({ index: Number(indices[i]), bytes: new Uint8Array(await f.arrayBuffer()) })));
  }
  if (queryIndex === undefined) throw new FaceflareError("bad_options", "A raw image body needs ?index=N (or send multipart with `frame` and `index` fields).");
  return [{ index: Number(queryIndex), bytes: new Uint8Array(await c.req.arrayBuffer()) }];
}
