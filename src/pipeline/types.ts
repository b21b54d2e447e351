import type { Task, TaskValues } from "../tasks/registry.ts";

/** The face record each pipeline stage adds fields to (InsightFace-style). */
export type Point = [number, number];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface AnalyzeOptions {
  tasks: Task[];
  maxFaces: number;
  /** Smallest face side in original-image pixels. */
  minFaceSize: number;
  /** Emotion model id (any in the manifest); default from the manifest. */
  emotionModel?: string;
  /** L of the paper's Eq. 1; default from the manifest. */
  ageTopL?: number;
  /** Ethnicity model id (any in the manifest); default from the manifest. */
  ethnicityModel?: string;
  /** Id of an age calibration of the manifest, applied to the Eq. 1 age; default none. */
  ageCalibration?: string;
}

export interface Detection {
  box: Box; // tight detector box, original-image pixels
  score: number;
  keypoints: Record<string, Point>;
}

/** One face as the pipeline sees it: the detection, then each task's fields (src/tasks/registry.ts), raw vectors included. */
export interface FaceRecord extends Detection, Partial<TaskValues> {}

export interface PipelineResult {
  image: { width: number; height: number; orientation: number; decodedScale: number };
  faces: FaceRecord[];
  models: { id: string; version: string }[];
  timings: Record<string, number>;
}
