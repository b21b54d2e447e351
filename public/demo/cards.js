import { emotionBars } from "./bars.js";
import { faceColor, pct } from "./colors.js";
import { el } from "./dom.js";

/** The details of every face, numbered as on the photo. */
export function faceCards(list, faces) {
  list.replaceChildren(
    ...faces.map((face, i) => {
      const li = el("li", { className: "face-card", style: { "--c": faceColor(i) } });
      if (face.emotion) li.dataset.emotionLabel = face.emotion.label;
      const rows = [
        face.age && ["Apparent age", `${face.age.years.toFixed(0)} years`],
        face.gender && ["Apparent gender", `${face.gender.label} (${pct(face.gender.probability)})`],
        face.ethnicity && ["Apparent ethnicity", `${face.ethnicity.label} (${pct(face.ethnicity.scores[face.ethnicity.label] ?? 0)})`],
        ["Face detection", pct(face.score)],
      ].filter(Boolean);
      const title = face.emotion ? ["looks ", el("b", {}, face.emotion.label)] : ["face"];
      li.append(el("h3", {}, el("span", { className: "num" }, String(i + 1)), " ", ...title));
      if (face.emotion) li.append(emotionBars(face.emotion.scores));
      li.append(el("dl", {}, ...rows.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)])));
      return li;
    }),
  );
}
