import type { FaceRecord, Point } from "./types.ts";

/** Maps face geometry from decoded pixels back to the original image frame. */
export function scaleFaces(faces: FaceRecord[], k: number): FaceRecord[] {
  if (k === 1) return faces;
  const p = ([x, y]: Point): Point => [x * k, y * k];
  return faces.map((f) => ({
    ...f,
    box: { x: f.box.x * k, y: f.box.y * k, width: f.box.width * k, height: f.box.height * k },
    keypoints: Object.fromEntries(Object.entries(f.keypoints).map(([n, pt]) => [n, p(pt)])),
  }));
}
