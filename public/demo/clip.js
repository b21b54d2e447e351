import { api } from "./api.js";
import { setBars } from "./bars.js";
import { EmotionChart } from "./chart.js";
import { drawFaces } from "./overlay.js";

// Streams frames of the camera or a video file into a clip: one frame in
// flight at a time, at most one every FRAME_MS, each a JPEG of the video
// scaled to at most 640 px wide. The demo key allows 30 requests a minute,
// hence the pace and the clip summary read only every SUMMARY_EVERY frames.

const $ = (id) => document.getElementById(id);
const FRAME_MS = 2200;
const SUMMARY_EVERY = 4;
const MAX_WIDTH = 640;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let run = null; // { id, stop: boolean, stream?: MediaStream }
let chart;

function setStatus(text, state = "") {
  $("clip-status").textContent = text;
  $("clip-status").dataset.state = state;
}

function frameJpeg(video) {
  const k = Math.min(1, MAX_WIDTH / video.videoWidth);
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(video.videoWidth * k);
  canvas.height = Math.round(video.videoHeight * k);
  canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
  return new Promise((ok) => canvas.toBlob((b) => ok({ blob: b, width: canvas.width, height: canvas.height }), "image/jpeg", 0.8));
}

let mostly = ""; // the clip's label at the last summary
let lastCounts = { framesReceived: 0, framesWithFaces: 0 };

/** The counter under the chart, from the clip's own counts (each frame's answer carries them). */
function showCounts(counts) {
  lastCounts = counts;
  const el = $("clip-counts");
  el.dataset.framesReceived = String(counts.framesReceived);
  el.dataset.framesWithFaces = String(counts.framesWithFaces);
  el.textContent = `(${counts.framesWithFaces} of ${counts.framesReceived} frames had a face${mostly ? `; mostly ${mostly}` : ""})`;
}

/** GET /v1/clips/{id}: the clip's average expression so far. */
async function showSummary(id) {
  const clip = await api(`/v1/clips/${id}`);
  if (clip.emotion) setBars($("clip-summary"), clip.emotion.scores);
  mostly = clip.emotion?.label ?? "";
  return clip;
}

async function sendFrames(current, video) {
  const stage = $("video-stage");
  for (let index = 0; !current.stop; index++) {
    const started = performance.now();
    if (video.readyState < 2 || !video.videoWidth) {
      index--;
      await sleep(100);
      continue;
    }
    const { blob, width, height } = await frameJpeg(video);
    const res = await api(`/v1/clips/${current.id}/frames?index=${index}`, { method: "POST", headers: { "content-type": "image/jpeg" }, body: blob });
    const frame = res.frames[0];
    if (frame.duplicate) continue; // cannot happen with fresh indices; nothing new to show
    if (!current.stop && index % SUMMARY_EVERY === 0) await showSummary(current.id);
    // Chart, counter and status change together, from this frame's answer: they always agree.
    drawFaces(stage, video, frame.boxes.map((box) => ({ box })), { width, height });
    if (frame.emotion) chart.add(res.framesReceived, frame.emotion.scores);
    showCounts(res);
    if (current.stop) break; // the frame that was in flight is charted and counted, then the loop ends
    setStatus(`Streaming: frame ${res.framesReceived} ${frame.emotion ? `looks ${frame.emotion.label}` : "has no face"}.`, "busy");
    await sleep(Math.max(0, FRAME_MS - (performance.now() - started)));
  }
}

async function start(source) {
  await stop();
  const video = $("video");
  const current = { id: null, stop: false, stream: null };
  run = current;
  try {
    if (source === "camera") {
      current.stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
      video.srcObject = current.stream;
    } else {
      video.srcObject = null;
      video.src = URL.createObjectURL(source);
      video.loop = true;
    }
    await video.play();
    const clip = await api("/v1/clips", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: "single" }) });
    current.id = clip.id;
    chart.reset();
    mostly = "";
    $("clip-summary").replaceChildren();
    showCounts({ framesReceived: 0, framesWithFaces: 0 });
    $("clip-view").hidden = false;
    $("clip-stop").disabled = false;
    $("clip-delete").disabled = false;
    setStatus("Streaming frames…", "busy");
    await sendFrames(current, video);
  } catch (err) {
    if (!current.stop) setStatus(`The clip stopped — ${err.message}`, "error");
    releaseMedia(current);
  }
}

function releaseMedia(current) {
  current.stream?.getTracks().forEach((t) => t.stop());
  $("video").pause();
}

async function stop() {
  if (!run) return;
  run.stop = true;
  releaseMedia(run);
  $("clip-stop").disabled = true;
  if (run.id) await showSummary(run.id).then(() => showCounts(lastCounts)).catch(() => {});
  if (run.id) setStatus("Stopped. The clip's numbers stay on the server until you delete the clip or it sits unused for a day.", "done");
}

async function remove() {
  const current = run;
  await stop();
  if (!current?.id) return;
  try {
    await api(`/v1/clips/${current.id}`, { method: "DELETE" });
    setStatus("Clip deleted from the server.", "done");
    $("clip-delete").disabled = true;
  } catch (err) {
    setStatus(`Could not delete the clip — ${err.message}`, "error");
  }
}

export function setupClip() {
  chart = new EmotionChart($("clip-chart"), $("clip-legend"));
  $("camera-start").addEventListener("click", () => start("camera"));
  $("video-input").addEventListener("change", (e) => e.target.files[0] && start(e.target.files[0]));
  $("clip-stop").addEventListener("click", stop);
  $("clip-delete").addEventListener("click", remove);
}
