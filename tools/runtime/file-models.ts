import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FaceAnalysis, ModelProvider } from "../../src/pipeline/face-analysis.ts";
import type { InferenceBackend, InferenceSession } from "../../src/runtime/backend.ts";
import { canonicalModelId, Manifest, type CalibrationEntry, type ImageModelEntry, type ModelEntry } from "../../src/runtime/manifest-schema.ts";
import { parseCalibration } from "../../src/runtime/registry.ts";
import type { CalibrationFile } from "../../src/pipeline/calibration.ts";

/** Models from a folder on disk (models/ or build/), for Node tools, eval and bench. */
export class FileModels implements ModelProvider {
  private readonly parsed: Manifest;
  private readonly sessions = new Map<string, Promise<InferenceSession>>();

  constructor(
    private readonly dir: string,
    private readonly backend: InferenceBackend,
    manifest?: Manifest,
    /** Overrides of model file per id (e.g. fp32 builds). */
    private readonly files: Record<string, string> = {},
  ) {
    this.parsed = manifest ?? Manifest.parse(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")));
  }

  async manifest() {
    return this.parsed;
  }

  async entry(id: string): Promise<ModelEntry> {
    const e = this.parsed.models.find((m) => m.id === canonicalModelId(id));
    if (!e) throw new Error(`unknown model ${id}`);
    return e;
  }

  /** A model fed pixels (detector or face model), for tools that cut crops themselves. */
  async imageEntry(id: string): Promise<ImageModelEntry> {
    const e = await this.entry(id);
    if (e.kind === "head") throw new Error(`${id} is a head, fed ${e.backbone.model}'s outputs, not pixels`);
    return e;
  }

  /** A calibration of the manifest, read from its file and checked as the Worker checks it. */
  async calibration(id: string): Promise<{ entry: CalibrationEntry; file: CalibrationFile }> {
    const entry = this.parsed.calibrations.find((c) => c.id === id);
    if (!entry) throw new Error(`unknown calibration ${id}`);
    const bytes = new Uint8Array(readFileSync(join(this.dir, entry.file)));
    if (createHash("sha256").update(bytes).digest("hex") !== entry.sha256) throw new Error(`${entry.file}: sha256 differs from the manifest's`);
    return { entry, file: parseCalibration(entry, bytes) };
  }

  session(id: string): Promise<InferenceSession> {
    let s = this.sessions.get(id);
    if (!s) {
      s = this.entry(id).then((e) => this.backend.createSession(readFileSync(this.files[id] ?? join(this.dir, e.file))));
      this.sessions.set(id, s);
    }
    return s;
  }
}

export type { FaceAnalysis };
