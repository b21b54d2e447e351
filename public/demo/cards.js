import { emotionBars } from "./bars.js";
import { faceColor, pct } from "./colors.js";

/** The details of every face, numbered as on the photo. */
export function faceCards(list, faces) {
  list.replaceChildren(
    ...faces.map((face, i) => {
      const li = document.createElement("li");
      li.className = "face-card";
      li.style.setProperty("--c", faceColor(i));
      if (face.emotion) li.dataset.emotionLabel = face.emotion.label;
      const rows = [
        face.age && `<dt>Apparent age</dt><dd>${face.age.years.toFixed(0)} years</dd>`,
        face.gender && `<dt>Apparent gender</dt><dd>${face.gender.label} (${pct(face.gender.probability)})</dd>`,
        face.ethnicity && `<dt>Apparent ethnicity</dt><dd>${face.ethnicity.label} (${pct(face.ethnicity.scores[face.ethnicity.label] ?? 0)})</dd>`,
        `<dt>Face detection</dt><dd>${pct(face.score)}</dd>`,
      ].filter(Boolean);
      li.innerHTML = `<h3><span class="num">${i + 1}</span> ${face.emotion ? `looks <b>${face.emotion.label}</b>` : "face"}</h3>`;
      if (face.emotion) li.append(emotionBars(face.emotion.scores));
      const dl = document.createElement("dl");
      dl.innerHTML = rows.join("");
      li.append(dl);
      return li;
    }),
  );
}
