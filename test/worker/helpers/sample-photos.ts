/// <reference types="vite/client" />
// Real demo photos with faces, bundled into the test by Vite as data URLs
// (workerd has no file system).
import s1 from "../../fixtures/demo/sample1.jpg?inline";
import s2 from "../../fixtures/demo/sample2.jpg?inline";
import s3 from "../../fixtures/demo/sample3.jpg?inline";

function dataUrlBytes(url: string): Uint8Array<ArrayBuffer> {
  const bin = atob(url.slice(url.indexOf(",") + 1));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export const SAMPLE_PHOTOS = [s1, s2, s3].map((u) => dataUrlBytes(String(u)));
