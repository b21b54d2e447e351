import { summarize } from "./stats.ts";
import type { BatchesResult, ClipsResult } from "./types.ts";

/** Markdown for the clip (issue 4) and batch (issue 5) sections of bench/RESULTS.md. Pure. */

const ms = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : "–");
const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
const table = (head: string[], rows: (string | number)[][]) => [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");
const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;

function clipsHttp(h: NonNullable<ClipsResult["http"]>): string {
  const f = summarize(h.frames.map((s) => s.wallMs));
  const a = summarize(h.analyze.map((s) => s.wallMs));
  const d = summarize(h.pairedDiffMs);
  const facesF = h.frames.reduce((n, s) => n + s.faces, 0);
  const facesA = h.analyze.reduce((n, s) => n + s.faces, 0);
  return [
    table(
      ["Request (same photos, same wrangler dev)", "n", "median ms", "p95 ms", "mean ms", "faces seen"],
      [
        ["POST /v1/clips/{id}/frames?index=N (raw JPEG)", f.n, ms(f.median), ms(f.p95), ms(f.mean), facesF],
        ["POST /v1/analyze?tasks=emotion, no-cache", a.n, ms(a.median), ms(a.p95), ms(a.mean), facesA],
        ["frame − analyze, paired (same photo, same pass)", d.n, ms(d.median), ms(d.p95), ms(d.mean), ""],
      ],
    ),
    "",
    "Each pass posts the 6 photos as frames of one single-mode clip (one untimed warm-up pass first) and, right before or",
    "after (alternating by pass), the same photo to /v1/analyze with the emotion task only, which is what a frame runs.",
    "The paired difference is what a frame costs beyond the analysis: the clip DO's `info()` and `addFrames()` RPCs (SQLite",
    "writes of the stats row and the seen index) minus what /v1/analyze does and a frame does not (sha256 of the image,",
    "the KV put of the answer, the larger JSON). On this shared machine it is of the order of the request-to-request noise",
    "(compare its p95), so read it as an order of magnitude; the two measurements below isolate the DO's part without that noise.",
  ].join("\n");
}

export function clipsSection(c: ClipsResult): string {
  const u = c.update;
  const out: string[] = [c.http ? clipsHttp(c.http) : "HTTP part not measured (see Errors).", ""];
  out.push(
    `**Statistics update per frame, without the image pipeline** (Node ${process.version}, the runtime-agnostic code the DO runs:`,
    "`addFrame` of src/clips/clip-state.ts = Welford update of mean/M2 plus max/min over the descriptor; `encodeMoments`,",
    `which each write serialises into the SQLite stats row; \`clipDescriptor\`, run by GET /v1/clips/{id}), D = ${u.faceDim} (256 features + 7 emotion probabilities),`,
    `${u.frames.toLocaleString("en")} synthetic frames, after one untimed run:`,
    "",
    table(["addFrame µs / frame", "encodeMoments µs / write", "clipDescriptor µs / call"], [[u.addFrameUs.toFixed(2), u.encodeUs.toFixed(2), u.descriptorUs.toFixed(2)]]),
    "",
  );
  if (c.storage) {
    const s = c.storage;
    const total = s.rows.at(-1)?.frames ?? 0;
    out.push(
      "**The Durable Object's storage as the clip grows** (the real ClipObject in workerd via @cloudflare/vitest-pool-workers:",
      "`measureClipStateGrowth` of test/worker/helpers/clip-storage.ts feeds one clip synthetic single-face frames through its `addFrames` RPC,",
      "250 per call, and reads the clip's SQLite tables inside its Durable Object (runInDurableObject) at each count; run as the test \"clip state size\" of test/worker/clips-object.test.ts):",
      "",
      table(
        ["frames", "stats row", "seen indices", "SQLite database"],
        s.rows.map((r) => [r.frames.toLocaleString("en"), `${r.statsBytes} B`, r.seenIndices.toLocaleString("en"), kib(r.databaseBytes)]),
      ),
      "",
      `The stats row is ${s.rows.every((r) => r.statsBytes === s.expectedStatsBytes) ? "constant" : "**not constant**"} at ${s.expectedStatsBytes} B = clipStatsBytes("single", 263) = 8 + 4·263·8 (n, mean, M2, max, min as float64),`,
      "whatever the frame count. What grows is the table of frame indices already seen (one integer per frame, so a retried frame",
      "is counted once) and with it the database file. The whole test, " +
        `${total.toLocaleString("en")} frames plus the size reads, took ${ms(s.testMs)} ms in workerd: ${Number.isFinite(s.testMs) && total ? ((s.testMs * 1000) / total).toFixed(0) : "–"} µs per frame`,
      "when frames arrive 250 per RPC (local SQLite, no network; over HTTP a frame is one RPC, so add a call's round trip).",
    );
  } else {
    out.push(`DO storage growth not measured: ${c.storageError ?? "unknown error"}.`);
  }
  return out.join("\n");
}

export function batchesSection(b: BatchesResult): string {
  const batchIps = b.images / (b.batchMs / 1000);
  const serverIps = b.images / (b.batchServerMs / 1000);
  const oneIps = b.images / (b.oneByOneMs / 1000);
  const r = summarize(b.oneByOne.map((s) => s.wallMs));
  return [
    table(
      ["Way", "images", "time", "images / s", "vs one by one"],
      [
        [`one batch: POST /v1/batches → GET says completed (polled every ${b.pollMs} ms)`, b.images, `${(b.batchMs / 1000).toFixed(1)} s`, batchIps.toFixed(2), `${(batchIps / oneIps).toFixed(2)}×`],
        ["same batch by its own createdAt → completedAt", b.images, `${(b.batchServerMs / 1000).toFixed(1)} s`, serverIps.toFixed(2), `${(serverIps / oneIps).toFixed(2)}×`],
        [`one by one: POST /v1/analyze, no-cache, sequential (median ${ms(r.median)} ms)`, b.images, `${(b.oneByOneMs / 1000).toFixed(1)} s`, oneIps.toFixed(2), "1.00×"],
      ],
    ),
    "",
    `Images: the 6 photos × ${b.images / 6}, tasks ${b.tasks.join(", ")} (the same options both ways); batch result: ${b.done} done, ${b.failed} failed.`,
    `Uploading them first (POST /v1/uploads, then one PUT per signed URL) took ${(b.uploadMs / 1000).toFixed(1)} s more, not counted above.`,
    "All models were loaded beforehand (one untimed analysis). Batch answers skip the KV result cache (src/batches/consumer.ts),",
    "so the repeated copies are analysed each time, as the no-cache requests are. Under `wrangler dev` the queue runs locally",
    "(max_batch_size 4) in the same single workerd isolate, which analyses one image at a time: a batch cannot beat sequential",
    "requests on throughput here, it only moves the work off the client's connection (fire and forget, results in R2).",
    "Queue delivery (max_batch_timeout 1 s), the R2 reads of each upload and the per-image result writes are what it adds.",
  ].join("\n");
}
