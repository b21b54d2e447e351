import { buildApp } from "./app.ts";
export { ClipObject } from "./clips/clip-object.ts";

const app = buildApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<import("./env.ts").Env>;
