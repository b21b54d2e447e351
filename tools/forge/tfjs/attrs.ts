import type { TfNode } from "./model-json.ts";

// Typed readers of TF node attributes; every reader names the node on failure.

function fail(node: TfNode, key: string, what: string): never {
  throw new Error(`${node.op} node "${node.name}": attribute ${key} ${what}`);
}

export function attrString(node: TfNode, key: string, fallback?: string): string {
  const a = node.attr?.[key];
  if (a?.s === undefined) {
    if (fallback !== undefined) return fallback;
    fail(node, key, "is missing");
  }
  return Buffer.from(a.s, "base64").toString("utf8");
}

export function attrInts(node: TfNode, key: string, fallback?: number[]): number[] {
  const a = node.attr?.[key];
  if (!a?.list) {
    if (fallback !== undefined) return fallback;
    fail(node, key, "is missing");
  }
  return (a.list.i ?? []).map((v) => Number(v));
}

export function attrStrings(node: TfNode, key: string): string[] {
  return (node.attr?.[key]?.list?.s ?? []).map((s) => Buffer.from(s, "base64").toString("utf8"));
}

export function attrBool(node: TfNode, key: string, fallback: boolean): boolean {
  const a = node.attr?.[key];
  return a?.b === undefined ? fallback : Boolean(a.b);
}

export function attrFloat(node: TfNode, key: string, fallback: number): number {
  const a = node.attr?.[key];
  return a?.f === undefined ? fallback : Number(a.f);
}

export function attrInt(node: TfNode, key: string, fallback: number): number {
  const a = node.attr?.[key];
  return a?.i === undefined ? fallback : Number(a.i);
}
