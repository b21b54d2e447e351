import { FaceflareError } from "../core/errors.ts";
import type { InferenceBackend, InferenceSession } from "./backend.ts";
import { loadManifest, type LoadedManifest } from "./manifest-loader.ts";
import { canonicalModelId, type CalibrationEntry, type Manifest, type ModelEntry } from "./manifest-schema.ts";
import { CalibrationFile } from "../pipeline/calibration.ts";
import { sha256Hex } from "../core/crypto.ts";
import type { ModelBucket } from "./model-bucket.ts";

export { MANIFEST_KEY, USER_MANIFEST_PREFIX } from "./manifest-loader.ts";

/**
 * Models by id, read from the MODELS bucket: manifest.json plus user-added
 * manifests/<id>.json entries (see manifest-loader.ts). Sessions are created
 * lazily on first use from the bucket's bytes after checking their sha256,
 * once per isolate: concurrent first requests share one load, later ones
 * reuse the cached session. Runtime-agnostic: any ModelBucket, any backend.
 */
export interface RegistryOptions {
  /** How long a read manifest is trusted before the bucket is read again. Sessions survive re-reads. */
  manifestTtlMs?: number;
  now?: () => number;
}

export interface RegistryStats {
  manifestLoads: number;
  sessionLoads: number;
  /** Milliseconds per session load (fetch + hash + create), by model id. */
  loadMs: Record<string, number>;
}

/** Refused because the bytes in the bucket are not the ones the manifest describes. */
export class ModelIntegrityError extends FaceflareError {
  constructor(detail: string) {
    super("unavailable", detail);
    this.name = "ModelIntegrityError";
  }
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

export class ModelRegistry {
  private loaded?: { at: number; value: Promise<LoadedManifest> };
  private readonly sessions = new Map<string, Promise<InferenceSession>>();
  private readonly calibrations = new Map<string, Promise<CalibrationFile>>();
  readonly stats: RegistryStats = { manifestLoads: 0, sessionLoads: 0, loadMs: {} };

  constructor(
    private bucket: ModelBucket,
    readonly backend: InferenceBackend,
    private readonly options: RegistryOptions = {},
  ) {}

  /** Point at another handle of the same bucket (a new request's env.MODELS). */
  useBucket(bucket: ModelBucket): void {
    this.bucket = bucket;
  }

  /** Drop the cached manifest (sessions of unchanged models stay cached). */
  refresh(): void {
    this.loaded = undefined;
  }

  private load(): Promise<LoadedManifest> {
    const t = (this.options.now ?? Date.now)();
    const ttl = this.options.manifestTtlMs ?? 60_000;
    if (!this.loaded || t - this.loaded.at > ttl) {
      this.stats.manifestLoads++;
      const value = loadManifest(this.bucket);
      this.loaded = { at: t, value };
      value.catch(() => {
        if (this.loaded?.value === value) this.loaded = undefined;
      });
    }
    return this.loaded.value;
  }

  /** manifest.json merged with user-added entries. */
  async manifest(): Promise<Manifest> {
    return (await this.load()).manifest;
  }

  /** Problems with user-added entries that were skipped. */
  async warnings(): Promise<string[]> {
    return (await this.load()).warnings;
  }

  /** Ids that came from manifests/<id>.json. */
  async userModelIds(): Promise<string[]> {
    return (await this.load()).userIds;
  }

  async entry(requested: string): Promise<ModelEntry> {
    const id = canonicalModelId(requested);
    let { models } = await this.manifest();
    let found = models.find((m) => m.id === id);
    // A model the user just added should work at once: re-read the bucket,
    // at most once a second so unknown ids cannot flood it.
    const t = (this.options.now ?? Date.now)();
    if (!found && this.loaded && t - this.loaded.at > 1000) {
      this.refresh();
      ({ models } = await this.manifest());
      found = models.find((m) => m.id === id);
    }
    if (!found) throw new FaceflareError("unknown_model", `no model "${requested}"; known models: ${models.map((m) => m.id).join(", ")}`);
    return found;
  }

  /** The model's session, loading it on first use (single-flight). */
  async session(id: string): Promise<InferenceSession> {
    const entry = await this.entry(id);
    const key = `${entry.id}@${entry.version}@${entry.sha256 ?? entry.file}`;
    let pending = this.sessions.get(key);
    if (!pending) {
      pending = this.createSession(entry);
      this.sessions.set(key, pending);
      // A failed load is not cached: the next request tries again.
      pending.catch(() => this.sessions.delete(key));
    }
    return pending;
  }

  /** A calibration listed in the manifest, read from the bucket and sha256-checked on first use (single-flight). */
  async calibration(requested: string): Promise<{ entry: CalibrationEntry; file: CalibrationFile }> {
    const id = canonicalModelId(requested);
    const entry = (await this.manifest()).calibrations.find((c) => c.id === id);
    if (!entry) throw new FaceflareError("unknown_model", `no calibration "${id}"; known calibrations: ${(await this.manifest()).calibrations.map((c) => c.id).join(", ")}`);
    const key = `${entry.id}@${entry.sha256}`;
    let pending = this.calibrations.get(key);
    if (!pending) {
      pending = this.verifiedBytes({ ...entry, availability: "bundled" }).then((bytes) => parseCalibration(entry, bytes));
      this.calibrations.set(key, pending);
      pending.catch(() => this.calibrations.delete(key));
    }
    return { entry, file: await pending };
  }

  private async createSession(entry: ModelEntry): Promise<InferenceSession> {
    const start = now();
    const bytes = await this.verifiedBytes(entry);
    const session = await this.backend.createSession(bytes);
    this.stats.sessionLoads++;
    this.stats.loadMs[entry.id] = now() - start;
    return session;
  }

  private async verifiedBytes(entry: Pick<ModelEntry, "id" | "file" | "availability" | "sha256" | "bytes">): Promise<Uint8Array> {
    const obj = await this.bucket.get(entry.file);
    if (!obj) {
      if (entry.availability === "user-supplied")
        throw new FaceflareError("unknown_model", `model "${entry.id}" is listed but its file ${entry.file} has not been added to the models bucket`);
      throw new FaceflareError("unavailable", `model file ${entry.file} of "${entry.id}" is missing from the models bucket`);
    }
    const bytes = new Uint8Array(await obj.arrayBuffer());
    if (!entry.sha256) {
      if (entry.availability === "bundled") throw new ModelIntegrityError(`bundled model "${entry.id}" has no sha256 in the manifest; refusing to load it`);
      return bytes;
    }
    const actual = await sha256Hex(bytes);
    if (actual !== entry.sha256)
      throw new ModelIntegrityError(
        `sha256 mismatch for model "${entry.id}": ${entry.file} in the bucket has ${actual} (${bytes.length} bytes), the manifest says ${entry.sha256}${entry.bytes ? ` (${entry.bytes} bytes)` : ""}; refusing to load it`,
      );
    return bytes;
  }

  /**
   * Short hash of what decides a result: id, version and sha256 of the given
   * models (all models when omitted), ageTopL and, for all models, the task
   * defaults. Cache keys include it so a model change invalidates results.
   * A user-supplied entry without sha256 contributes its version only.
   */
  async manifestVersionKey(ids?: readonly string[]): Promise<string> {
    const m = await this.manifest();
    const entries = ids ? await Promise.all([...new Set(ids)].map((id) => this.entry(id))) : m.models;
    const models = entries.map((e) => [e.id, e.version, e.sha256 ?? ""]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const payload = JSON.stringify({ models, ageTopL: m.ageTopL, defaults: ids ? undefined : m.defaults });
    return (await sha256Hex(payload)).slice(0, 16);
  }
}

/** A calibration file's JSON, checked against its schema and its manifest entry. */
export function parseCalibration(entry: CalibrationEntry, bytes: Uint8Array): CalibrationFile {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new ModelIntegrityError(`calibration ${entry.file} of "${entry.id}" is not JSON: ${(e as Error).message}`);
  }
  const parsed = CalibrationFile.safeParse(json);
  if (!parsed.success) throw new ModelIntegrityError(`calibration ${entry.file} of "${entry.id}" is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const f = parsed.data;
  if (f.kind !== entry.kind || f.input.model !== entry.model || f.input.topL !== entry.topL)
    throw new ModelIntegrityError(`calibration ${entry.file} is a ${f.kind} of ${f.input.model} at L=${f.input.topL}; the manifest's "${entry.id}" says ${entry.kind} of ${entry.model} at L=${entry.topL}`);
  return f;
}

let shared: ModelRegistry | undefined;

/**
 * The isolate's registry (module scope outlives requests): created on first
 * call, then reused with each request's bucket handle. The backend of the
 * first call is kept.
 */
export function isolateRegistry(bucket: ModelBucket, backend: () => InferenceBackend): ModelRegistry {
  if (!shared) shared = new ModelRegistry(bucket, backend());
  else shared.useBucket(bucket);
  return shared;
}
