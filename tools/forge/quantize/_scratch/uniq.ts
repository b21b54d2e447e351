import { loadModel, tensorToFloat32 } from "../../onnx/proto.ts";
for (const id of ["blazeface", "blazeface-front", "face_expression", "faceres"]) {
  const m = loadModel(`/tmp/qfp32/${id}.onnx`);
  const rows = m.graph!.initializer.filter((t) => t.dims.length === 4).map((t) => { const v = tensorToFloat32(t); return [t.name, v.length, new Set(v).size] as const; });
  console.log(id, rows.slice(0, 6).map((r) => r.join(":")).join("  "));
}
