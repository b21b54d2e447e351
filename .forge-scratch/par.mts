import { verifyParity } from "../tools/forge/convert/parity/verify.ts";
const t0 = performance.now();
const r = await verifyParity({ ids: process.argv.slice(2).length ? process.argv.slice(2) as any : undefined });
for (const m of r) for (const o of m.outputs) console.log(m.id, m.cases, o.output, JSON.stringify(o.shape), "maxAbs", o.maxAbs.toExponential(2), "maxRel", o.maxRel.toExponential(2), "cos", o.cosineMin.toFixed(12));
console.log("ms", Math.round(performance.now() - t0));
