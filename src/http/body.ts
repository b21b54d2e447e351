import { MaxFileSizeExceededError, MaxPartsExceededError, MaxTotalSizeExceededError, MultipartParseError, parseMultipartRequest } from "@remix-run/multipart-parser";
import type { MiddlewareHandler } from "hono";
import { FaceflareError } from "../core/errors.ts";
import type { AppBindings, Env } from "../env.ts";
import { IMAGE_MEDIA_TYPES } from "../image/formats.ts";
import { MAX_BYTES } from "../image/limits.ts";

/**
 * The one way a request body gets in. Every route that takes one declares a
 * cap with `bodyCap`, which refuses a larger body on its declared
 * Content-Length at once and otherwise counts it while it streams, before
 * anything is buffered; the route then reads it with `readBytes`, its
 * validator (JSON) or `readMultipart` (bounded part counts and sizes, also
 * while streaming). Hono's bodyLimit was the first choice, but without a
 * Content-Length it buffers the whole body (up to the cap) before the route
 * sees a byte, so a multipart reader could not stop a flood of tiny parts
 * early, and it trusts a declared length.
 */

/** Multipart framing and option fields around the files. */
const MULTIPART_OVERHEAD = 64 * 1024;
export const BODY_LIMITS = {
  /** An image (or a multipart form with images and options): the image limit, per request. */
  image: MAX_BYTES + MULTIPART_OVERHEAD,
  /** Small JSON requests (clip and upload-slot options). */
  json: 16 * 1024,
  /** POST /v1/batches: up to 10,000 upload keys of ~47 bytes each, plus options and a webhook. */
  batch: 512 * 1024,
} as const;

const tooLarge = (maxBytes: number, what = "The body") => new FaceflareError("too_large", `${what} is larger than the ${maxBytes} bytes allowed.`, { maxBytes });

/**
 * Route middleware: refuses a body over `maxBytes` (a number, or from the
 * Worker's vars) on its Content-Length, else errors its stream the moment
 * it passes the cap, whoever is reading it (a validator, a parser, R2).
 */
export function bodyCap(maxBytes: number | ((env: Env) => number)): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    const req = c.req.raw;
    if (!req.body) return next();
    const max = typeof maxBytes === "number" ? maxBytes : maxBytes(c.env);
    if (Number(req.headers.get("content-length") ?? NaN) > max) {
      await req.body.cancel().catch(() => {});
      throw tooLarge(max);
    }
    // Pulled only as the route reads (no pipe running ahead of it), counted chunk by chunk.
    let seen = 0;
    let over = false;
    const source = req.body.getReader();
    const counted = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await source.read();
          if (done) return controller.close();
          seen += value.byteLength;
          if (seen <= max) return controller.enqueue(value);
          over = true;
          controller.error(tooLarge(max));
          await source.cancel().catch(() => {});
        },
        cancel: (reason) => source.cancel(reason),
      },
      { highWaterMark: 0 },
    );
    c.req.raw = new Request(req, { body: counted });
    await next();
    // Whatever the reader made of the errored stream (a JSON syntax error, a failed put), the answer is 413.
    if (over) throw tooLarge(max);
  };
}

/** The whole body (capped by the route's bodyCap; checked again here in case a route forgot it). */
export async function readBytes(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array(0);
  // Chunk by chunk: stops at the cap even where no bodyCap counts for us.
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export interface MultipartLimits {
  /** Most parts (files and fields together). */
  maxParts: number;
  /** Largest file part. */
  maxFileBytes: number;
  /** All parts' content together. */
  maxTotalBytes: number;
  /** Largest text field. */
  maxFieldBytes?: number;
  /** The problem for a body with more than maxParts parts (default: a generic 400 bad_request). */
  tooManyParts?: () => FaceflareError;
}

export interface MultipartBody {
  /** File parts by field name, in order. */
  files: Map<string, Uint8Array[]>;
  /** Text fields by name, in order. */
  fields: Map<string, string[]>;
}

/**
 * A multipart/form-data body read part by part as it streams, refusing it
 * as soon as it has too many parts (400) or a part or the whole is too large
 * (413): a body of 300,000 tiny fields is refused after the first few.
 */
export async function readMultipart(req: Request, limits: MultipartLimits): Promise<MultipartBody> {
  const out: MultipartBody = { files: new Map(), fields: new Map() };
  const maxField = limits.maxFieldBytes ?? 8 * 1024;
  const add = <T>(m: Map<string, T[]>, k: string, v: T) => m.set(k, [...(m.get(k) ?? []), v]);
  try {
    for await (const part of parseMultipartRequest(req, { maxParts: limits.maxParts, maxFileSize: limits.maxFileBytes, maxTotalSize: limits.maxTotalBytes, maxHeaderSize: 4096 })) {
      const name = part.name ?? "";
      if (part.isFile) add(out.files, name, part.bytes);
      else if (part.size > maxField) throw tooLarge(maxField, `Field \`${name}\``);
      else add(out.fields, name, part.text);
    }
  } catch (err) {
    await req.body?.cancel().catch(() => {});
    if (err instanceof MaxPartsExceededError && limits.tooManyParts) throw limits.tooManyParts();
    if (err instanceof MaxFileSizeExceededError) throw tooLarge(limits.maxFileBytes, "A part");
    if (err instanceof MaxTotalSizeExceededError) throw tooLarge(limits.maxTotalBytes);
    if (err instanceof MultipartParseError) throw new FaceflareError("bad_request", `The multipart body could not be read: ${err.message}`);
    throw err;
  }
  return out;
}

/** "Multipart/Form-Data; boundary=x" -> "multipart/form-data" ("" without a header). */
export function mediaTypeOfHeader(header: string | null | undefined): string {
  return (header ?? "").split(";")[0].trim().toLowerCase();
}

/** OpenAPI request content for a raw image body: one binary entry per accepted image type. */
export const imageBodyContent = () => Object.fromEntries(IMAGE_MEDIA_TYPES.map((t) => [t, { schema: { type: "string" as const, format: "binary" } }]));
