/**
 * npm run eval:sizes: faceres's accuracy/speed frontier by input size (issue
 * 16). For each size the forge builds faceres at that input (convert + the
 * spec's quantization, as `npm run models` does) into a copy of models/;
 * then `npm run eval` measures it on the UTKFace dev set, the photos'
 * larger faces are compared with the first size's answers, and one
 * onnxruntime-web thread times the model. Writes nothing in the repository.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createHash } from "node:crypto";
import { toolArgs } from "../tool-args.ts";
import { convertModel } from "../forge/convert/index.ts";
import { shippedBytes } from "../forge/shipped-bytes.ts";
import { faceresSpec } from "../forge/specs/faceres.ts";
import { createOrtWebNodeBackend } from "../runtime/ort-web-node.ts";

const USAGE = `Usage: npm run eval:sizes -- --utkface DIR [options]

faceres's accuracy and speed by input size: builds faceres at each size,
runs npm run eval on it, compares the photos' faces with the first size's
answers, and times it on onnxruntime-web (one thread).

Options:
  --utkface DIR    UTKFace dev images (e.g. ../shared/eval/utkface-dev)
  --sizes LIST     square input sides (default 224,192,160; the first is the reference)
  --photos LIST    photos with larger faces (default the demo, group and 12 MP fixtures)
  --limit N        at most N UTKFace images
  -h, --help       this help`;

const PHOTOS = [1, 2, 3, 4, 5, 6].map((i) => `test/fixtures/demo/sample${i}.jpg`).concat("test/fixtures/group-20.jpg", "test/fixtures/photo-12mp.jpg");
const { values: args } = toolArgs("eval:sizes", USAGE, {
  utkface: { type: "string" },
  sizes: { type: "string", default: "224,192,160" },
  photos: { type: "string", default: PHOTOS.join(",") },
  limit: { type: "string" },
});
if (!args.utkface) throw new Error("--utkface DIR is required (see --help)");
const sizes = args.sizes!.split(",").map(Number);
const photos = args.photos!.split(",");
const log = (line: string) => console.error(`[sizes] ${line}`);

interface Face { gender: { label: string }; age: { years: number }; ethnicity?: { label: string } }
const tsx = (script: string, argv: string[]) => {
  const r = spawnSync(process.execPath, ["--import", "tsx", script, ...argv], { encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error(`${script} exited with ${r.status}`);
  return r.stdout;
};

/** A copy of models/ whose faceres takes size x size. */
async function modelsAt(size: number, dir: string): Promise<Uint8Array> {
  cpSync("models", dir, { recursive: true });
  const bytes = await shippedBytes(faceresSpec, await convertModel("faceres", size));
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  const entry = manifest.models.find((m: { id: string }) => m.id === "faceres");
  writeFileSync(join(dir, entry.file), bytes);
  Object.assign(entry, { input: { ...entry.input, width: size, height: size }, sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.byteLength });
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return bytes;
}

/** Median ms of one face per size, on onnxruntime-web (one thread), the sizes interleaved so JIT tier-up and load hit them alike. */
async function msPerFace(models: Map<number, Uint8Array>): Promise<Map<number, number>> {
  const runs = await Promise.all(
    [...models].map(async ([size, bytes]) => {
      const session = await createOrtWebNodeBackend().createSession(bytes);
      const data = new Float32Array(size * size * 3).map((_, i) => (i % 255) - 120);
      return { size, run: () => session.run({ [session.inputNames[0]]: { data, dims: [1, size, size, 3] } }), times: [] as number[] };
    }),
  );
  for (let round = 0; round < 25; round++) {
    for (const r of runs) {
      const t = performance.now();
      await r.run();
      if (round >= 5) r.times.push(performance.now() - t);
    }
  }
  return new Map(runs.map((r) => [r.size, r.times.sort((a, b) => a - b)[r.times.length >> 1]]));
}

const scratch = mkdtempSync(join(tmpdir(), "faceflare-sizes-"));
const rows = new Map<number, string[]>();
const built = new Map<number, Uint8Array>();
let reference: Face[] | undefined;
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
try {
  for (const size of sizes) {
    const dir = join(scratch, String(size));
    log(`faceres at ${size}x${size}`);
    built.set(size, await modelsAt(size, dir));
    const json = join(scratch, `${size}.json`);
    tsx("tools/eval/eval.ts", ["--utkface", resolve(args.utkface), "--models", dir, "--json", json, ...(args.limit ? ["--limit", args.limit] : [])]);
    const p = JSON.parse(readFileSync(json, "utf8")).utkface.pipeline;
    const answers = tsx("tools/analyze.ts", [...photos, "--tasks", "age,gender,ethnicity", "--models", dir]);
    const faces = answers.split(/\n(?=\{)/).flatMap((a) => (JSON.parse(a) as { faces: Face[] }).faces);
    reference ??= faces;
    const pairs = faces.map((f, i) => [reference![i], f] as const).filter(([r]) => r);
    const same = (k: "gender" | "ethnicity") => pairs.filter(([r, f]) => r[k]?.label === f[k]?.label).length / pairs.length;
    const dAge = pairs.reduce((sum, [r, f]) => sum + Math.abs(r.age.years - f.age.years), 0) / pairs.length;
    rows.set(size, [
      pct(p.genderAccuracy),
      p.ageMae.toFixed(2),
      `${pct(p.band21to60.genderAccuracy)} / ${p.band21to60.ageMae.toFixed(2)}`,
      `${pct(p.ethnicityAccuracy)} (${pct(p.ethnicityBalanced)})`,
      `${pairs.length} faces: ${pct(same("gender"))}, ${dAge.toFixed(1)} y, ${pct(same("ethnicity"))}`,
    ]);
  }
  log("timing the sizes, interleaved");
  const ms = await msPerFace(built);
  for (const size of sizes) rows.get(size)!.unshift(ms.get(size)!.toFixed(1));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(
  [
    `faceres by input size (\`npm run eval:sizes -- ${process.argv.slice(2).join(" ")}\`)`,
    "",
    `| input | ms / face (onnxruntime-web, 1 thread) | gender | age MAE | 21-60 gender / MAE | shipped ethnicity head (balanced) | photos' faces vs ${sizes[0]}: same gender, mean age shift, same ethnicity |`,
    "|---|---|---|---|---|---|---|",
    ...sizes.map((size) => `| ${size} | ${rows.get(size)!.join(" | ")} |`),
  ].join("\n"),
);
