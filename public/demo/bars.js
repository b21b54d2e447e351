import { el } from "./dom.js";
import { emotionColor, pct } from "./colors.js";

/** A horizontal bar chart of class scores, in the order given. */
export function emotionBars(scores, { compact = false } = {}) {
  const box = el("div", { className: compact ? "bars compact" : "bars" });
  Object.entries(scores).forEach(([label, p], i) => {
    const fill = compact
      ? el("i", { style: { height: `${Math.max(p * 100, 3)}%`, background: emotionColor(label, i) } })
      : el("i", { style: { width: `${p * 100}%`, background: emotionColor(label, i) } });
    const row = el("div", { className: "bar", title: `${label} ${pct(p)}`, dataset: { label } });
    if (compact) row.append(fill);
    else row.append(el("span", { className: "name" }, label), el("span", { className: "track" }, fill), el("span", { className: "value" }, pct(p)));
    box.append(row);
  });
  return box;
}

/** Legend items for bars of these classes: the same colours, in the same order. */
export function legendItems(labels) {
  return labels.map((label, i) => {
    const li = document.createElement("li");
    li.dataset.label = label;
    const swatch = document.createElement("i");
    swatch.style.background = emotionColor(label, i);
    li.append(swatch, label);
    return li;
  });
}

/** Replaces a bar chart's contents in place (the clip summary). */
export function setBars(container, scores) {
  container.replaceChildren(...emotionBars(scores).children);
}
