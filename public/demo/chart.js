import { legendItems } from "./bars.js";
import { emotionColor } from "./colors.js";

// A small line chart on a canvas: one line per emotion class, one point per
// frame that had a face, at its frame number (1 = the first frame sent). The
// last WINDOW points are shown; data-points counts them all.

const WINDOW = 60;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

export class EmotionChart {
  constructor(canvas, legend) {
    this.canvas = canvas;
    this.legend = legend;
    this.points = []; // { frame, scores }
    this.labels = [];
    this.draw();
  }

  reset() {
    this.points = [];
    this.labels = [];
    this.legend.replaceChildren();
    this.draw();
  }

  add(frame, scores) {
    if (!this.labels.length) this.setLabels(Object.keys(scores));
    this.points.push({ frame, scores });
    this.canvas.dataset.points = String(this.points.length);
    this.draw();
  }

  setLabels(labels) {
    this.labels = labels;
    this.legend.replaceChildren(...legendItems(labels));
  }

  draw() {
    const c = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const w = c.clientWidth || c.width;
    const h = c.clientHeight || c.height;
    if (c.width !== Math.round(w * dpr)) c.width = Math.round(w * dpr);
    if (c.height !== Math.round(h * dpr)) c.height = Math.round(h * dpr);
    const g = c.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    const pw = w - PAD.left - PAD.right;
    const ph = h - PAD.top - PAD.bottom;
    const shown = this.points.slice(-WINDOW);
    const first = shown[0]?.frame ?? 0;
    const span = Math.max(1, (shown.at(-1)?.frame ?? 1) - first);
    const X = (frame) => PAD.left + ((frame - first) / span) * pw;
    const Y = (p) => PAD.top + (1 - p) * ph;

    g.font = "12px system-ui, sans-serif";
    g.fillStyle = "#555";
    g.strokeStyle = "#e3e3e3";
    g.lineWidth = 1;
    for (const p of [0, 0.25, 0.5, 0.75, 1]) {
      g.beginPath();
      g.moveTo(PAD.left, Y(p));
      g.lineTo(w - PAD.right, Y(p));
      g.stroke();
      g.textAlign = "right";
      g.textBaseline = "middle";
      g.fillText(`${p * 100}%`, PAD.left - 6, Y(p));
    }
    g.textAlign = "center";
    g.textBaseline = "top";
    if (!shown.length) {
      g.fillText("Frames with a face will appear here", PAD.left + pw / 2, PAD.top + ph / 2);
      return;
    }
    g.fillText(`frame ${shown[0].frame}`, PAD.left + 24, h - PAD.bottom + 8);
    g.fillText(`frame ${shown.at(-1).frame}`, w - PAD.right - 30, h - PAD.bottom + 8);

    g.lineWidth = 2.5;
    g.lineJoin = "round";
    this.labels.forEach((label, i) => {
      g.strokeStyle = g.fillStyle = emotionColor(label, i);
      g.beginPath();
      shown.forEach((pt, k) => (k ? g.lineTo : g.moveTo).call(g, X(pt.frame), Y(pt.scores[label] ?? 0)));
      g.stroke();
      for (const pt of shown) {
        g.beginPath();
        g.arc(X(pt.frame), Y(pt.scores[label] ?? 0), 2.5, 0, Math.PI * 2);
        g.fill();
      }
    });
  }
}
