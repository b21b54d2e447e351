/** The face record each pipeline stage adds fields to (InsightFace-style). */
export type Point = [number, number];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const TASKS = ["emotion", "age", "gender", "ethnicity", "features", "landmarks"] as const;
export type Task = (typeof TASKS)[number];

export interface AnalyzeOptions {
  tasks: Task[];
  maxFaces: number;
  /** Smallest face side in original-image pixels. */
  minFaceSize: number;
  /** Emotion model id (any in the manifest); default from the manifest. */
  emotionModel?: string;
  /** L of the paper's Eq. 1; default from the manifest. */
  ageTopL?: number;
}

export interface Detection {
  box: Box; // tight detector box, original-image pixels
  score: number;
  keypoints: Record<string, Point>;
}

/** One face as the pipeline sees it, raw vectors included (for clips and tools). */
export interface FaceRecord extends Detection {
  emotion?: { model: string; labels: string[]; probs: Float32Array; features?: Float32Array; valence?: number; arousal?: number };
  age?: { years: number; topL: number; top: { age: number; p: number }[]; posterior?: Float32Array };
  gender?: { label: string; probability: number };
  ethnicity?: { labels: string[]; probs: Float32Array };
  features?: Float32Array;
}

export interface PipelineResult {
  image: { width: number; height: number; orientation: number; decodedScale: number };
  faces: FaceRecord[];
  models: { id: string; version: string }[];
  timings: Record<string, number>;
}
