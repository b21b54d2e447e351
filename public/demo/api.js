// Calls the Faceflare API from the page. The demo asks for its own
// short-lived key (POST /v1/demo/key); a deployment without access control
// answers 404 there, and the page then calls the API without a key.

let key = null; // { key, expiresAt }
let noKeyNeeded = false;

/** Gets (or renews, 30 s before it expires) the demo key. Returns a status text. */
export async function ensureKey() {
  if (noKeyNeeded) return "open";
  if (key && Date.parse(key.expiresAt) - Date.now() > 30_000) return "key";
  const res = await fetch("/v1/demo/key", { method: "POST" });
  if (res.status === 404) {
    noKeyNeeded = true;
    return "open";
  }
  if (!res.ok) throw new Error(await problemText(res));
  key = await res.json();
  return "key";
}

/** fetch against the API with the demo key; throws an Error with the problem's detail on failure. */
export async function api(path, init = {}) {
  await ensureKey();
  const headers = new Headers(init.headers);
  if (key) headers.set("authorization", `Bearer ${key.key}`);
  let res = await fetch(path, { ...init, headers });
  // Over the key's rate: wait as told, then once more.
  for (let tries = 0; res.status === 429 && tries < 2; tries++) {
    await new Promise((r) => setTimeout(r, 1000 * Math.min(30, Number(res.headers.get("retry-after")) || 5)));
    res = await fetch(path, { ...init, headers });
  }
  if (!res.ok) throw new Error(await problemText(res));
  return res.status === 204 ? null : res.json();
}

async function problemText(res) {
  try {
    const p = await res.json();
    return `${p.title ?? res.status}${p.detail ? `: ${p.detail}` : ""}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}
