// Builds elements with DOM APIs only: text goes in as text, never parsed as
// HTML (the page's Content-Security-Policy and Trusted Types forbid HTML
// strings, and API answers are data).

/** `el("b", { className: "x", style: { width: "10%" } }, "text", child)` */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  const { style, dataset, ...rest } = props;
  Object.assign(node, rest);
  for (const [k, v] of Object.entries(style ?? {})) node.style.setProperty(k, v);
  Object.assign(node.dataset, dataset ?? {});
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}
