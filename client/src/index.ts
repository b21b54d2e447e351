/**
 * @faceflare/client: a typed client for the Faceflare API, openapi-fetch
 * over the types openapi-typescript generated from the Worker's OpenAPI
 * document (src/schema.ts; refreshed by `npm run client:generate` in the
 * repository).
 *
 *   const api = createFaceflareClient({ baseUrl: "https://faceflare.example", apiKey: process.env.FACEFLARE_KEY });
 *   const { models } = unwrap(await api.GET("/v1/models"));
 *   const result = await analyzeImage(api, await readFile("photo.jpg"), { tasks: ["emotion", "age"] });
 */
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.ts";

export type { components, paths };
export type Schemas = components["schemas"];
export type AnalyzeResult = Schemas["AnalyzeResult"];
export type Face = Schemas["Face"];
export type Clip = Schemas["Clip"];
export type ClipCreated = Schemas["ClipCreated"];
export type ClipFramesResult = Schemas["ClipFramesResult"];
export type Problem = Schemas["Problem"];
export type AnalyzeQuery = NonNullable<paths["/v1/analyze"]["post"]["parameters"]["query"]>;
export type FaceflareClient = Client<paths>;

export interface ClientOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** A fetch to use instead of the global one (retries, tests). */
  fetch?: (request: Request) => Promise<Response>;
  headers?: Record<string, string>;
}

export function createFaceflareClient(options: ClientOptions): FaceflareClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: { ...options.headers, ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** A non-2xx answer: the API's problem details (RFC 9457). */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(`${status} ${problem.code ?? ""}: ${problem.detail ?? problem.title ?? "request failed"}`);
  }
}

/** The data of a call, or a thrown ProblemError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    throw new ProblemError(result.response.status, (result.error ?? {}) as Partial<Problem>);
  }
  return result.data;
}

export type ImageBody = Blob | Uint8Array<ArrayBuffer> | ArrayBuffer;
/** The image media types /v1/analyze takes as a raw body (from the OpenAPI document). */
export type ImageType = Exclude<keyof paths["/v1/analyze"]["post"]["requestBody"]["content"], "multipart/form-data">;

/** POST /v1/analyze with the image as the raw body. */
export async function analyzeImage(client: FaceflareClient, image: ImageBody, query: AnalyzeQuery = {}, type: ImageType = "image/jpeg"): Promise<AnalyzeResult> {
  const result = await client.POST("/v1/analyze", {
    params: { query },
    body: image as never, // binary: sent as is
    bodySerializer: (b: unknown) => b as BodyInit,
    headers: { "content-type": type },
  });
  // openapi-fetch widens landmark tuples to arrays; the schema's type is the precise one.
  return unwrap(result) as AnalyzeResult;
}

/** POST /v1/clips/{id}/frames with one frame as the raw body. */
export async function addClipFrame(client: FaceflareClient, clipId: string, index: number, image: ImageBody, type: ImageType = "image/jpeg"): Promise<ClipFramesResult> {
  return unwrap(
    await client.POST("/v1/clips/{id}/frames", {
      params: { path: { id: clipId }, query: { index } },
      body: image as never,
      bodySerializer: (b: unknown) => b as BodyInit,
      headers: { "content-type": type },
    }),
  );
}

/** A task name (`tasks` of /v1/analyze and of batch options). */
export type AnalyzeTask = NonNullable<AnalyzeQuery["tasks"]>[number];
