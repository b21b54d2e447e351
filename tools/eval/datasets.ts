import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

export interface UtkSample {
  path: string;
  age: number;
  gender: "male" | "female";
  race: number;
}

const RACES = ["white", "black", "asian", "indian", "other"];
export const raceLabel = (r: number) => RACES[r];

/** UTKFace chips: `age_gender_race_datetime.jpg.chip.jpg`, gender 0 = male. */
export function utkfaceSamples(dir: string, limit = Infinity): UtkSample[] {
  const out: UtkSample[] = [];
  for (const name of readdirSync(dir).sort()) {
    const m = /^(\d+)_(\d)_(\d)_/.exec(name);
    if (!m) continue;
    out.push({ path: join(dir, name), age: Number(m[1]), gender: m[2] === "0" ? "male" : "female", race: Number(m[3]) });
  }
  return evenly(out, limit);
}

/** `limit` items spread evenly over the list (names sort by age, so a prefix would be all children). */
export function evenly<T>(items: T[], limit: number): T[] {
  if (items.length <= limit) return items;
  return Array.from({ length: limit }, (_, i) => items[Math.floor((i * items.length) / limit)]);
}

export interface FerSample {
  path: string;
  label: string;
}

/** FER2013 folder names mapped to the canonical emotion labels of the manifest. */
export const FER_TO_CANONICAL: Record<string, string> = {
  angry: "anger",
  disgust: "disgust",
  fear: "fear",
  happy: "happiness",
  neutral: "neutral",
  sad: "sadness",
  surprise: "surprise",
};

export function fer2013Samples(dir: string, limit = Infinity): FerSample[] {
  const out: FerSample[] = [];
  for (const cls of Object.keys(FER_TO_CANONICAL)) {
    const d = join(dir, cls);
    if (!existsSync(d)) continue;
    const files = readdirSync(d).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
    for (const f of evenly(files, limit)) out.push({ path: join(d, f), label: FER_TO_CANONICAL[cls] });
  }
  return out;
}
