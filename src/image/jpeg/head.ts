import { type Frame, parseFrame, parseHuffman, parseQuant, type Tables } from "./frame.ts";
import { CorruptJpegError } from "./huffman.ts";
import { type Segment, segments, u16 } from "./segments.ts";

/**
 * How samples become RGB. CMYK is taken as Adobe writes it (inverted: 255 is
 * no ink), as libjpeg-based browsers take every CMYK JPEG; YCCK is that CMYK
 * with C, M, Y complemented and stored as YCbCr (libjpeg's ycck_cmyk_convert).
 */
export type ColorModel = "gray" | "ycbcr" | "rgb" | "cmyk" | "ycck";

/** Decoder state between segments: what DQT, DHT and DRI have defined so far. */
export interface JpegState {
  tables: Tables;
  restartInterval: number;
}

/**
 * A JPEG read up to its first scan: the frame the decoder will decode (the
 * size checks and the reduction are computed from this very object), the
 * tables defined so far, and the first SOS.
 */
export interface JpegHead extends JpegState {
  bytes: Uint8Array;
  frame: Frame;
  color: ColorModel;
  /** Undefined for a file with no scan: its size can still be checked (and refused) before it fails to decode. */
  firstScan: Segment | undefined;
  /** True when the first scan does not carry every component at once: coefficients must be stored, not streamed. */
  multiScan: boolean;
}

/** Apply a table or restart-interval segment; anything else is left to the caller. Returns true if handled. */
export function applyTableSegment(b: Uint8Array, s: Segment, st: JpegState): boolean {
  if (s.marker === 0xdb) parseQuant(b, s.start, s.end, st.tables);
  else if (s.marker === 0xc4) parseHuffman(b, s.start, s.end, st.tables);
  else if (s.marker === 0xdd) {
    if (s.end - s.start < 2) throw new CorruptJpegError("short DRI");
    st.restartInterval = u16(b, s.start);
  } else return false;
  return true;
}

/** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
export const isFrameMarker = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

const ascii = (b: Uint8Array, s: Segment, text: string) =>
  s.end - s.start >= text.length && [...text].every((ch, i) => b[s.start + i] === ch.charCodeAt(0));

/**
 * Walk to the first SOS. Exactly one frame header is allowed: a second SOF,
 * hidden or not, is refused, so no file is checked as one size and decoded as another.
 */
export function openJpeg(b: Uint8Array): JpegHead {
  const st: JpegState = { tables: { quant: [], dc: [], ac: [] }, restartInterval: 0 };
  let frame: Frame | undefined;
  let adobeTransform = -1;
  let jfif = false;
  for (const s of segments(b)) {
    const m = s.marker;
    if (applyTableSegment(b, s, st)) continue;
    if (isFrameMarker(m)) {
      if (frame) throw new CorruptJpegError("second frame header (SOF)");
      frame = parseFrame(b, s.start, s.end, m);
    } else if (m === 0xee && s.end - s.start >= 12 && ascii(b, s, "Adobe")) {
      adobeTransform = b[s.start + 11];
    } else if (m === 0xe0 && ascii(b, s, "JFIF\0")) {
      jfif = true;
    } else if (m === 0xda) {
      if (!frame) throw new CorruptJpegError("scan before frame header");
      const multiScan = frame.progressive || b[s.start] !== frame.components.length;
      return { ...st, bytes: b, frame, color: colorModel(frame, adobeTransform, jfif), firstScan: s, multiScan };
    }
  }
  if (!frame) throw new CorruptJpegError("JPEG has no frame header (SOF)");
  return { ...st, bytes: b, frame, color: colorModel(frame, adobeTransform, jfif), firstScan: undefined, multiScan: false };
}

/** libjpeg's choice (jdapimin.c default_decompress_parms), Adobe's transform flag first. */
function colorModel(f: Frame, adobeTransform: number, jfif: boolean): ColorModel {
  const n = f.components.length;
  if (n === 1) return "gray";
  if (n === 4) return adobeTransform < 0 || adobeTransform === 0 ? "cmyk" : "ycck"; // libjpeg assumes YCCK for unknown flags
  if (adobeTransform === 0) return "rgb";
  if (adobeTransform < 0 && !jfif && f.components.map((c) => String.fromCharCode(c.id)).join("") === "RGB") return "rgb";
  return "ycbcr";
}
