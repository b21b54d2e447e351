import { readFileSync } from "node:fs";
import { join } from "node:path";
import { raceLabel, utkfaceSamples } from "../eval/datasets.ts";

/** The paper's and UTKFace's 5 ethnicity classes, in gear's output order. */
export const ETHNICITY_5 = ["white", "black", "asian", "indian", "other"] as const;

/** FairFace's 7 race classes, as labels.csv spells them. */
export const FAIRFACE_7 = ["White", "Black", "Latino_Hispanic", "East Asian", "Southeast Asian", "Indian", "Middle Eastern"] as const;

/** ../shared/train/fairface-train/README.md: FairFace's 7 classes onto the paper's 5. */
export const FAIRFACE_TO_5: Record<(typeof FAIRFACE_7)[number], (typeof ETHNICITY_5)[number]> = {
  White: "white",
  Black: "black",
  "East Asian": "asian",
  "Southeast Asian": "asian",
  Indian: "indian",
  Latino_Hispanic: "other",
  "Middle Eastern": "other",
};

/** One labelled image of a training or evaluation set. */
export interface LabelledImage {
  /** File name inside the set's folder (the cache's key for the row). */
  file: string;
  path: string;
  gender: "male" | "female";
  /** 5-class label (ETHNICITY_5). */
  race5: string;
  /** FairFace's own 7-class label. */
  race7?: string;
  /** Exact age (UTKFace). */
  age?: number;
  /** Age group [lo, hi] in years, inclusive (FairFace; "more than 70" is [70, 100]). */
  ageGroup?: [number, number];
}

/** UTKFace chips, labels from the names (`age_gender_race_datetime.jpg.chip.jpg`). */
export function utkfaceImages(dir: string): LabelledImage[] {
  return utkfaceSamples(dir).map((s) => ({
    file: s.path.slice(dir.length).replace(/^\/+/, ""),
    path: s.path,
    gender: s.gender,
    race5: raceLabel(s.race),
    age: s.age,
  }));
}

const AGE_GROUP = /^(\d+)-(\d+)$/;

export function parseAgeGroup(text: string): [number, number] {
  const m = AGE_GROUP.exec(text.trim());
  if (m) return [Number(m[1]), Number(m[2])];
  if (text.trim() === "more than 70") return [70, 100];
  throw new Error(`unknown FairFace age group ${JSON.stringify(text)}`);
}

/** FairFace images and labels.csv (file,age,gender,race), sorted by file name. */
export function fairfaceImages(dir: string): LabelledImage[] {
  const lines = readFileSync(join(dir, "labels.csv"), "utf8").split(/\r?\n/).filter((l) => l.trim());
  const header = lines.shift()?.split(",");
  if (header?.join(",") !== "file,age,gender,race") throw new Error(`${dir}/labels.csv: expected the header file,age,gender,race`);
  const out = lines.map((line, i) => {
    const [file, age, gender, race, ...rest] = line.split(",");
    if (rest.length || !file || !/^[\w.-]+\.jpe?g$/i.test(file)) throw new Error(`${dir}/labels.csv:${i + 2}: bad row`);
    if (gender !== "Male" && gender !== "Female") throw new Error(`${dir}/labels.csv:${i + 2}: gender ${gender}`);
    if (!(race in FAIRFACE_TO_5)) throw new Error(`${dir}/labels.csv:${i + 2}: race ${race}`);
    return {
      file,
      path: join(dir, file),
      gender: gender === "Male" ? "male" : "female",
      race5: FAIRFACE_TO_5[race as keyof typeof FAIRFACE_TO_5],
      race7: race,
      ageGroup: parseAgeGroup(age),
    } satisfies LabelledImage;
  });
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
