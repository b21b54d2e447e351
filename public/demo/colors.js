// One colour per emotion class (same in bars and chart) and per face.
const EMOTION = {
  anger: "#d62728",
  contempt: "#8c564b",
  disgust: "#7f7f1f",
  fear: "#9467bd",
  happiness: "#f2a900",
  neutral: "#7f8c8d",
  sadness: "#1f77b4",
  surprise: "#17becf",
};
const SPARE = ["#e377c2", "#2ca02c", "#ff7f0e", "#393b79"];

export function emotionColor(label, i = 0) {
  return EMOTION[label] ?? SPARE[i % SPARE.length];
}

const FACE = ["#00c2ff", "#ff4fa3", "#7cff4f", "#ffb000", "#b18cff", "#ff6b3d"];

export function faceColor(i) {
  return FACE[i % FACE.length];
}

export const pct = (p) => `${Math.round(p * 100)}%`;
