import type { TensorData } from "../runtime/backend.ts";
import type { ModelEntry } from "../runtime/manifest-schema.ts";
import { ageExpectation } from "./age.ts";
import { argmax, outputRow } from "./outputs.ts";
import type { FaceRecord, Task } from "./types.ts";

/** Adds the fields of `tasks` that model `entry` answers to one face record. */
export function applyHeads(face: FaceRecord, entry: ModelEntry, tasks: Task[], out: Record<string, TensorData>, n: number, ageTopL: number) {
  const want = new Set(tasks);
  const role = (r: string) => entry.outputs.find((o) => o.role === r);
  const row = (r: string) => {
    const spec = role(r);
    return spec ? outputRow(out, spec, n) : undefined;
  };

  if (want.has("emotion")) {
    const spec = role("emotion");
    const probs = row("emotion");
    if (spec && probs) {
      face.emotion = { model: entry.id, labels: spec.labels ?? [], probs, features: row("emotion_features") };
      const v = row("valence");
      const a = row("arousal");
      if (v) face.emotion.valence = v[0];
      if (a) face.emotion.arousal = a[0];
    }
  }
  if (want.has("age")) {
    const spec = role("age_posterior");
    const post = row("age_posterior");
    if (spec && post) face.age = { ...ageExpectation(post, ageTopL, spec.offset ?? 0), posterior: post };
  }
  if (want.has("gender")) {
    const spec = role("gender");
    const g = row("gender");
    if (spec && g) {
      const labels = spec.labels ?? ["female", "male"];
      // One sigmoid value is P(labels[1]); otherwise scores over labels.
      const probs = g.length === 1 ? [1 - g[0], g[0]] : Array.from(g);
      const best = argmax(probs);
      face.gender = { label: labels[best], probability: probs[best] };
    }
  }
  if (want.has("ethnicity")) {
    const spec = role("ethnicity");
    const p = row("ethnicity");
    if (spec && p) face.ethnicity = { labels: spec.labels ?? [], probs: p };
  }
  if (want.has("features")) {
    const f = row("identity_features");
    if (f) face.features = f;
  }
}
