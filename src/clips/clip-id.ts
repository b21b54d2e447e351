import type { Env } from "../env.ts";
import type { ClipObject } from "./clip-object.ts";

/** 24 random bytes (192 bits) as base64url: unguessable, so the id is the capability. */
export function newClipId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_");
}

export const CLIP_ID = /^[A-Za-z0-9_-]{32}$/;

/** The clip's Durable Object (RPC stub); the object is named by the clip id. */
export function clipStub(env: Env, id: string): DurableObjectStub<ClipObject> {
  const ns = env.CLIPS;
  return ns.get(ns.idFromName(id));
}
