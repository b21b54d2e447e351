import type { TfNode } from "../tfjs/model-json.ts";
import { attrString } from "../tfjs/attrs.ts";
import { unsupported } from "./context.ts";

export interface Window2d {
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
}

/**
 * TF padding -> ONNX pads [top, left, bottom, right] and output size.
 * SAME puts the odd extra pixel at the bottom/right, as TF does.
 */
export function tfPads(node: TfNode, inH: number, inW: number, w: Window2d): { pads: number[]; outH: number; outW: number } {
  const mode = attrString(node, "padding");
  const effK = (k: number, d: number) => (k - 1) * d + 1;
  const kh = effK(w.kernel[0], w.dilations[0]), kw = effK(w.kernel[1], w.dilations[1]);
  if (mode === "VALID") {
    return { pads: [0, 0, 0, 0], outH: Math.floor((inH - kh) / w.strides[0]) + 1, outW: Math.floor((inW - kw) / w.strides[1]) + 1 };
  }
  if (mode !== "SAME") unsupported(node, `padding ${mode}`);
  const outH = Math.ceil(inH / w.strides[0]), outW = Math.ceil(inW / w.strides[1]);
  const th = Math.max((outH - 1) * w.strides[0] + kh - inH, 0);
  const tw = Math.max((outW - 1) * w.strides[1] + kw - inW, 0);
  return { pads: [Math.floor(th / 2), Math.floor(tw / 2), th - Math.floor(th / 2), tw - Math.floor(tw / 2)], outH, outW };
}
