import { FaceflareError } from "../core/errors.ts";
import { mediaTypeOf, type ImageMediaType } from "../image/formats.ts";
import { detectImageType, SNIFF_BYTES } from "../image/sniff.ts";

/** True when the first bytes are those of `type` (judged on what there is when shorter than the sniff window). */
function matches(type: ImageMediaType, head: Uint8Array): boolean {
  const found = detectImageType(head);
  return found !== null && mediaTypeOf(found) === type;
}

/**
 * Streams `body` (exactly `length` bytes) into `bucket` at `key`, refusing a
 * body whose first bytes are not `type` or that runs past `maxBytes`. A
 * refusal errors the stream, so R2 aborts the put and writes nothing. The
 * put only succeeds if no object exists at `key` yet (one upload per slot).
 * Returns null if an object was already there.
 */
export async function streamUploadToR2(
  bucket: R2Bucket,
  key: string,
  body: ReadableStream<Uint8Array>,
  length: number,
  type: ImageMediaType,
  maxBytes: number,
): Promise<R2Object | null> {
  let refusal: FaceflareError | undefined;
  // R2 needs a stream of known length; FixedLengthStream also rejects a body
  // that is shorter or longer than its declared Content-Length.
  const fixed = new FixedLengthStream(length);
  const pump = async () => {
    const reader = body.getReader();
    const writer = fixed.writable.getWriter();
    let seen = 0;
    let head: Uint8Array = new Uint8Array(0);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        seen += value.byteLength;
        if (seen > maxBytes) refusal = new FaceflareError("too_large", `Upload exceeds the slot's ${maxBytes} bytes.`);
        if (!refusal && head.length < SNIFF_BYTES) {
          head = concat(head, value);
          if (head.length >= SNIFF_BYTES && !matches(type, head)) refusal = new FaceflareError("not_an_image", `Body is not ${type}.`);
        }
        if (refusal) break;
        await writer.write(value);
      }
      // Bodies shorter than the sniff window are judged on what arrived.
      if (!refusal && head.length < SNIFF_BYTES && !matches(type, head)) refusal = new FaceflareError("not_an_image", `Body is not ${type}.`);
      if (refusal) throw refusal;
      await writer.close();
    } catch (err) {
      // Erroring the stream makes R2 abort the put: nothing is written.
      await writer.abort(err).catch(() => {});
      await reader.cancel().catch(() => {});
    }
  };
  // Not awaited: a refusal is recorded before the stream errors, and R2 may
  // stop reading early (precondition failed), which would stall the pump.
  void pump();
  try {
    const put = await bucket.put(key, fixed.readable, {
      onlyIf: { etagDoesNotMatch: "*" },
      httpMetadata: { contentType: type },
    });
    if (refusal) throw refusal;
    return put;
  } catch (err) {
    throw refusal ?? err;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
