import { api } from "./api.js";
import { legendItems } from "./bars.js";
import { faceCards } from "./cards.js";
import { drawFaces } from "./overlay.js";

const $ = (id) => document.getElementById(id);
/** The image types POST /v1/analyze takes as a raw body, as the API's own OpenAPI document lists them. */
const imageTypes = fetch("/openapi.json")
  .then((res) => res.json())
  .then((doc) => Object.keys(doc.paths["/v1/analyze"].post.requestBody.content).filter((t) => t.startsWith("image/")))
  .catch(() => []);

/** Sends one photo to POST /v1/analyze and draws what came back. */
export async function analyzePhoto(file) {
  const status = $("photo-status");
  const result = $("photo-result");
  const types = await imageTypes;
  if (!types.includes(file.type)) {
    const names = types.map((t) => t.slice("image/".length).toUpperCase()).join(", ");
    status.textContent = `${file.name || "This file"} is not an image the API takes (${names}).`;
    return;
  }
  status.textContent = `Analysing ${file.name || "the photo"}…`;
  status.dataset.state = "busy";
  try {
    const json = await api("/v1/analyze?tasks=emotion,age,gender,ethnicity,landmarks", { method: "POST", headers: { "content-type": file.type }, body: file });
    const img = new Image();
    img.alt = "The photo you chose";
    img.src = URL.createObjectURL(file);
    await img.decode().catch(() => {});
    faceCards($("face-cards"), json.faces);
    const scored = json.faces.find((f) => f.emotion);
    $("photo-legend").hidden = !scored;
    $("photo-legend").querySelector("ul").replaceChildren(...(scored ? legendItems(Object.keys(scored.emotion.scores)) : []));
    result.hidden = false; // before drawing: labels are fitted to the laid-out photo
    drawFaces($("photo-stage"), img, json.faces, json.image);
    const n = json.faces.length;
    const total = Math.round(json.timings.total ?? 0);
    status.textContent = n ? `${n} face${n > 1 ? "s" : ""} found${total ? ` in ${total} ms` : ""}.` : "No face found in this photo.";
    status.dataset.state = "done";
  } catch (err) {
    status.textContent = `The photo could not be analysed — ${err.message}`;
    status.dataset.state = "error";
  }
}

/** File picker and drag-and-drop. */
export function setupPhoto() {
  const input = $("photo-input");
  imageTypes.then((types) => (input.accept = types.join(",")));
  const drop = $("drop");
  input.addEventListener("change", () => input.files[0] && analyzePhoto(input.files[0]));
  for (const ev of ["dragenter", "dragover"]) {
    drop.addEventListener(ev, (e) => {
      e.preventDefault();
      drop.classList.add("over");
    });
  }
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const file = e.dataTransfer?.files[0];
    if (file) analyzePhoto(file);
  });
}
