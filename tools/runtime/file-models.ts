import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FaceAnalysis, ModelProvider } from "../../src/pipeline/face-analysis.ts";
import type { InferenceBackend, InferenceSession } from "../../src/runtime/backend.ts";
import { canonicalModelId, Manifest, type ModelEntry } from "../../src/runtime/manifest-schema.ts";

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
