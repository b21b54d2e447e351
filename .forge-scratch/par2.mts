import { verifyParity } from "../tools/forge/convert/parity/verify.ts";
for (const id of ["faceres","gear","emotion","face_expression","blazeface","blazeface-front"] as const) {
  const t0 = performance.now();
  const r = await verifyParity({ ids: [id], samples: [1] });
  console.log(id, r[0].cases, r[0].outputs.map(o => `${o.output} ${o.maxAbs.toExponential(2)}`).join(" "), "ms", Math.round(performance.now() - t0));
}
