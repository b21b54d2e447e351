import { emotionBars } from "./bars.js";
import { faceColor, pct } from "./colors.js";
import { el } from "./dom.js";

// Boxes, keypoints and labels as HTML over the image, placed in percent of
// the image size the API measured: they stay aligned at any display size
// and the text stays readable.

const percent = (v, of) => `${(v / of) * 100}%`;

/** One line per face: "age · gender · ethnicity", from whichever tasks ran. */
export function attributeLine(face) {
  return [
    face.age && `${Math.round(face.age.years)} y`,
    face.gender && face.gender.label,
    face.ethnicity && face.ethnicity.label,
  ]
    .filter(Boolean)
    .join(" · ");
}

function faceBox(face, i, size) {
  const { x, y, width, height } = face.box;
  const color = faceColor(i);
  const place = { left: percent(x, size.width), top: percent(y, size.height), width: percent(width, size.width), height: percent(height, size.height), "--c": color };
  const box = el("div", { className: "face-box", style: place, dataset: { testid: "face-box" } });

  const emotion = face.emotion ? [el("b", { className: "emotion-label" }, face.emotion.label), ` ${pct(face.emotion.scores[face.emotion.label] ?? 0)}`] : [];
  const tag = el(
    "div",
    { className: "face-tag" + (y + height > size.height * 0.75 ? " above" : "") },
    el("div", {}, el("span", { className: "num" }, String(i + 1)), " ", ...emotion),
    el("div", { className: "attrs" }, attributeLine(face)),
  );
  if (face.emotion) tag.append(emotionBars(face.emotion.scores, { compact: true }));
  box.append(tag);
  return box;
}

function keypoints(face, i, size) {
  return Object.entries(face.landmarks ?? {}).map(([name, [px, py]]) => {
    return el("span", { className: "keypoint", title: name.replace("_", " "), style: { left: percent(px, size.width), top: percent(py, size.height), "--c": faceColor(i) } });
  });
}

/** Fills `stage` with the image (or video) and the faces drawn over it. */
export function drawFaces(stage, media, faces, size) {
  const layer = document.createElement("div");
  layer.className = "overlay";
  faces.forEach((f, i) => layer.append(faceBox(f, i, size), ...keypoints(f, i, size)));
  // Keep a playing video in place: only the overlay is swapped.
  if (stage.firstElementChild === media) stage.querySelector(".overlay")?.remove();
  else stage.replaceChildren(media);
  stage.append(layer);
}
