// Convert every source model to fp32 ONNX: npx tsx tools/forge/convert-all.ts [--out build/fp32] [ids...]
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { convertModel, MODEL_IDS, type ModelId } from "./convert/index.ts";

function parseArgs(argv: string[]): { out: string; ids: ModelId[] } {
  let out = "build/fp32";
  const ids: ModelId[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out") out = argv[++i];
    else if ((MODEL_IDS as readonly string[]).includes(argv[i])) ids.push(argv[i] as ModelId);
    else throw new Error(`unknown argument ${argv[i]} (ids: ${MODEL_IDS.join(", ")})`);
  }
  return { out, ids: ids.length ? ids : [...MODEL_IDS] };
}

const { out, ids } = parseArgs(process.argv.slice(2));
mkdirSync(out, { recursive: true });
for (const id of ids) {
  const { bytes, info } = await convertModel(id);
  writeFileSync(join(out, `${id}.onnx`), bytes);
  const io = (t: { name: string; shape: (number | string)[] }) => `${t.name}[${t.shape.join(",")}]`;
  console.log(`${id}: ${(info.bytes / 1e6).toFixed(2)} MB in ${info.ms} ms; in ${info.inputs.map(io).join(" ")}; out ${info.outputs.map(io).join(" ")}`);
  console.log(`  ops ${Object.entries(info.ops).map(([k, v]) => `${k}:${v}`).join(" ")}`);
}
