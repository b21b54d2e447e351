import * as ort from "onnxruntime-web";
ort.env.wasm.numThreads = 1;
console.log(Object.keys(ort).slice(0,10), ort.env.versions);
