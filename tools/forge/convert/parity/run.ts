// Parity report on more inputs: npx tsx tools/forge/convert/parity/run.ts [--samples 1,2,3] [--max-faces 8] [--dir build/fp32] [ids...]
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MODEL_IDS, type ModelId } from "../sources.ts";
import { verifyParity } from "./verify.ts";

const args = process.argv.slice(2);
const opt = (flag: string) => { const i = args.indexOf(flag); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
const samples = opt("--samples")?.split(",").map(Number);
const maxFaces = opt("--max-faces");
const dir = opt("--dir");
const ids = (args.length ? args : [...MODEL_IDS]) as ModelId[];
for (const id of ids) if (!(MODEL_IDS as readonly string[]).includes(id)) throw new Error(`unknown model ${id}`);
const onnx = dir ? Object.fromEntries(ids.filter((id) => existsSync(join(dir, `${id}.onnx`))).map((id) => [id, new Uint8Array(readFileSync(join(dir, `${id}.onnx`)))])) : undefined;
const t0 = performance.now();
const results = await verifyParity({ ids, samples, maxFaces: maxFaces ? Number(maxFaces) : undefined, onnx });
for (const r of results) for (const o of r.outputs) {
  console.log(`${r.id.padEnd(16)} n=${r.cases} ${o.output.padEnd(11)} [${o.shape}] maxAbs=${o.maxAbs.toExponential(2)} rel=${o.relToRange.toExponential(2)} cosMin=${o.cosineMin.toFixed(12)}`);
}
console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
