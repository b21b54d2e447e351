import { toBase64Url } from "../core/bytes.ts";
import { randomBytes } from "../core/crypto.ts";
import type { Env } from "../env.ts";
import type { ClipObject } from "./clip-object.ts";

/** 24 random bytes (192 bits) as base64url: unguessable, so the id is the capability. */
export const newClipId = (): string => toBase64Url(randomBytes(24));

export const CLIP_ID = /^[A-Za-z0-9_-]{32}$/;

/** The clip's Durable Object (RPC stub); the object is named by the clip id. */
export function clipStub(env: Env, id: string): DurableObjectStub<ClipObject> {
  const ns = env.CLIPS;
  return ns.get(ns.idFromName(id));
}
