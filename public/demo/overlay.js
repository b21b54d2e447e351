import { emotionBars } from "./bars.js";
import { faceColor, pct } from "./colors.js";
import { el } from "./dom.js";

// Boxes, keypoints and labels as HTML over the image, placed in percent of
// the image size the API measured: they stay aligned at any display size
// and the text stays readable. Each label then is moved inside the photo
// (below its box, else above, shifted sideways) whenever the photo is laid
// out again, so on a narrow phone screen no label runs off the photo.

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
    { className: "face-tag" },
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

const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Moves every visible label of `stage` fully inside its photo (labels are at
 * most as wide as the photo): below its box, else above, shifted sideways as
 * needed; a label that would cover one placed before it moves down or up past
 * it when there is room in the photo.
 */
export function fitLabels(stage) {
  const media = stage.firstElementChild;
  const area = media?.getBoundingClientRect();
  if (!area || area.width === 0 || area.height === 0) return; // not laid out yet (hidden, loading): the resize observer calls again
  const tags = [...stage.querySelectorAll(".face-tag")].filter((t) => getComputedStyle(t).display !== "none");
  const natural = tags.map((tag) => {
    tag.style.transform = "";
    tag.style.maxWidth = `${area.width}px`;
    tag.classList.remove("above");
    let r = tag.getBoundingClientRect();
    if (r.bottom > area.bottom) {
      tag.classList.add("above");
      r = tag.getBoundingClientRect();
      // Neither below nor above fits: keep it below and slide it up over the box.
      if (r.top < area.top) {
        tag.classList.remove("above");
        r = tag.getBoundingClientRect();
      }
    }
    return { tag, r };
  });
  const placed = [];
  for (const { tag, r } of natural.sort((a, b) => a.r.top - b.r.top || a.r.left - b.r.left)) {
    const dx = r.right > area.right ? area.right - r.right : r.left < area.left ? area.left - r.left : 0;
    const inside = (dy) => r.top + dy >= area.top && r.bottom + dy <= area.bottom;
    const at = (dy) => ({ left: r.left + dx, right: r.right + dx, top: r.top + dy, bottom: r.bottom + dy });
    let dy = r.bottom > area.bottom ? area.bottom - r.bottom : r.top < area.top ? area.top - r.top : 0;
    if (placed.some((p) => overlaps(at(dy), p))) {
      const candidates = placed.flatMap((p) => [p.bottom + 2 - r.top, p.top - 2 - r.bottom]).filter((c) => inside(c) && !placed.some((p) => overlaps(at(c), p)));
      if (candidates.length) dy = candidates.reduce((a, b) => (Math.abs(b - dy) < Math.abs(a - dy) ? b : a));
    }
    placed.push(at(dy));
    if (dx || dy) tag.style.transform = `translate(${Math.round(dx)}px, ${Math.round(dy)}px)`;
  }
  stage.dataset.labelsFitted = String(tags.length); // for tests: the labels are where they will stay
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
  delete stage.dataset.labelsFitted;
  // Labels are placed once the stage has a size, and again whenever it changes (rotation, resize).
  if (!stage.labelObserver) {
    stage.labelObserver = new ResizeObserver(() => fitLabels(stage));
    stage.labelObserver.observe(stage);
  }
  fitLabels(stage);
}
