import type { LoadedTfModel } from "../tfjs/load.ts";
import { signatureOf } from "../tfjs/model-json.ts";
import type { Dim } from "./graph-builder.ts";
import { parseRef } from "./plan.ts";
import type { TfToOnnx } from "./tf-to-onnx.ts";
import type { Value } from "./value.ts";

/** How one TF.js graph model maps onto the ONNX outputs the runtime expects. */
export interface GraphRecipe {
  batch: Dim;
  outputs(c: TfToOnnx, m: LoadedTfModel): void;
}

function sigOutput(m: Pick<LoadedTfModel, "json">, key: string): string {
  const entry = signatureOf(m.json).outputs?.[key];
  if (!entry) throw new Error(`signature has no output ${key}`);
  return entry.name;
}

function node(m: Pick<LoadedTfModel, "json">, ref: string) {
  const n = m.json.modelTopology.node.find((x) => x.name === parseRef(ref).node);
  if (!n) throw new Error(`no node ${ref}`);
  return n;
}

/** Follow first inputs from `ref` through the given ops, returning the last node's first input. */
function inputBehind(m: Pick<LoadedTfModel, "json">, ref: string, ops: string[]): string {
  let cur = ref;
  for (const op of ops) {
    const n = node(m, cur);
    if (n.op !== op) throw new Error(`expected ${op} at ${n.name}, found ${n.op}`);
    cur = n.input![0];
  }
  return cur;
}

/** Spatial mean of an image tensor: [N,H,W,C] -> [N,C]. */
function globalMean(c: TfToOnnx, v: Value, base: string): Value {
  if (!v.nchw) throw new Error(`${base}: expected an image tensor`);
  return { name: c.b.add("ReduceMean", [v.name], base, { axes: [2, 3], keepdims: 0 }), shape: [v.shape[0], v.shape[3]], nchw: false };
}

/** emotion: the tensor feeding the final 256->7 conv (its spatial mean is "features"). */
export function emotionFeatureSource(m: Pick<LoadedTfModel, "json">): string {
  return inputBehind(m, sigOutput(m, "Identity:0"), ["Identity", "Softmax", "Mean", "_FusedConv2D"]);
}

const elements = (v: Value) => v.shape.reduce<number>((a, d) => a * (d as number), 1);

export const GRAPH_RECIPES: Record<string, GraphRecipe> = {
  faceres: {
    batch: "N",
    outputs(c, m) {
      c.output("gender", c.value(sigOutput(m, "gender_pred/Sigmoid:0")));
      c.output("age", c.value(sigOutput(m, "age_pred/Softmax:0")));
      c.output("features", c.value(sigOutput(m, "global_pooling/Mean")));
    },
  },
  gear: {
    batch: "N",
    // Signature: race_output = Identity_2 [N,5], gender_output = Identity_1 [N,2], age_output = Identity [N,7].
    outputs(c, m) {
      c.output("race", c.value(sigOutput(m, "race_output")));
      c.output("gender", c.value(sigOutput(m, "gender_output")));
      c.output("age", c.value(sigOutput(m, "age_output")));
    },
  },
  emotion: {
    batch: "N",
    // Identity <- Softmax <- Mean <- last conv (256 -> 7); features = spatial mean of that conv's input.
    outputs(c, m) {
      c.output("emotion", c.value(sigOutput(m, "Identity:0")));
      c.output("features", globalMean(c, c.value(emotionFeatureSource(m)), "features/mean"));
    },
  },
  blazeface: { batch: 1, outputs: detections },
  "blazeface_front": { batch: 1, outputs: detections },
};

/**
 * BlazeFace's four outputs, sorted by size as Human does (cls384, cls512,
 * reg384, reg512), concatenated to [1, 512 + 384, 1 + 16].
 */
function detections(c: TfToOnnx, m: LoadedTfModel): void {
  const outs = Object.values(signatureOf(m.json).outputs ?? {}).map((o) => c.value(o.name));
  if (outs.length !== 4) throw new Error(`blazeface: expected 4 outputs, got ${outs.length}`);
  const [cls384, cls512, reg384, reg512] = [...outs].sort((a, b) => elements(a) - elements(b));
  const rows512 = c.b.add("Concat", [cls512.name, reg512.name], "detections/512", { axis: 2 });
  const rows384 = c.b.add("Concat", [cls384.name, reg384.name], "detections/384", { axis: 2 });
  const n512 = cls512.shape[1] as number, n384 = cls384.shape[1] as number;
  const all = c.b.add("Concat", [rows512, rows384], "detections/all", { axis: 1 });
  c.output("detections", { name: all, shape: [1, n512 + n384, 1 + (reg512.shape[2] as number)], nchw: false });
}
