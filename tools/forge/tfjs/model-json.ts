// Types of a TF.js graph-model model.json (only the parts the forge reads).

export interface TfAttrValue {
  s?: string; // base64
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  shape?: { dim?: { size: string | number }[] };
  list?: { s?: string[]; i?: (string | number)[]; f?: number[] };
  tensor?: unknown;
}

export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttrValue>;
  device?: string;
}

export interface WeightQuantization {
  dtype: "uint8" | "uint16" | "float16";
  scale?: number;
  min?: number;
  original_dtype?: string;
}

export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: "float32" | "int32";
  quantization?: WeightQuantization;
}

export interface WeightGroup {
  paths: string[];
  weights: WeightEntry[];
}

export interface SignatureEntry {
  name: string;
  dtype: string;
  tensorShape?: { dim?: { size: string | number }[] };
}

export interface Signature {
  inputs?: Record<string, SignatureEntry>;
  outputs?: Record<string, SignatureEntry>;
}

export interface TfModelJson {
  format?: string;
  modelTopology: { node: TfNode[] };
  weightsManifest: WeightGroup[];
  signature?: Signature;
  userDefinedMetadata?: { signature?: Signature };
}

/** The signature, wherever the converter version put it. */
export function signatureOf(json: TfModelJson): Signature {
  return json.signature ?? json.userDefinedMetadata?.signature ?? {};
}
