import { defineConfig } from "vitest/config";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { resolve } from "node:path";
import { serveModelFiles } from "./test/worker/setup/model-files.ts";
import { webhookOutbound, webhookSink } from "./test/worker/setup/webhook-sink.ts";

// `worker` runs inside workerd (the real runtime, with R2/KV/DO simulated by
// Miniflare); `node` runs the Node side (CLI, client, decoders, tools against
// `wrangler dev`); `tools` runs the forge and native-runtime tests that need
// the tools install. `npm test` runs worker and node. Every run ends with its
// slowest files (test/reporters/slowest-files.ts).
// wrangler.toml lists UPLOAD_SIGNING_SECRET as a required secret; reading the
// config, wrangler looks for it in .dev.vars or the environment and warns when
// it is missing. The binding above is what the tests get either way.
const TEST_SIGNING_SECRET = "test-upload-signing-secret-0123456789";
process.env.UPLOAD_SIGNING_SECRET ??= TEST_SIGNING_SECRET;

export default defineConfig({
  test: {
    reporters: ["default", "./test/reporters/slowest-files.ts"],
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            // Test-only binding: model files from disk (models/, generated fixtures).
            miniflare: {
              serviceBindings: { MODEL_FILES: serveModelFiles, WEBHOOK_SINK: webhookSink },
              // Test-only: the Worker's outbound fetches (webhooks) land in a recording stand-in.
              outboundService: webhookOutbound,
              // Test-only signing key for upload URLs (production: a Worker secret).
              bindings: { UPLOAD_SIGNING_SECRET: TEST_SIGNING_SECRET },
            },
          }),
        ],
        // onnxruntime-web's and photon's wasm, compiled natively from the same
        // files instead of shipped to workerd as JSON (see wasm-from-binding.ts).
        resolve: {
          alias: [
            { find: /^.*onnxruntime-web\/dist\/ort-wasm-simd-threaded\.wasm$/, replacement: resolve("test/worker/setup/ort-wasm.ts") },
            { find: /^\.\/lib\/photon_rs_bg\.wasm$/, replacement: resolve("test/worker/setup/photon-wasm.ts") },
          ],
        },
        test: {
          name: "worker",
          // One workerd for all files (started once, wasm compiled once);
          // test/worker/setup/fresh-state.ts resets storage and modules per file.
          isolate: false,
          globalSetup: ["test/worker/setup/global-setup.ts"],
          setupFiles: ["test/worker/setup/fresh-state.ts"],
          include: ["test/worker/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "node",
          environment: "node",
          include: ["test/node/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        // Needs the tools install (tools/package.json): the forge on the real
        // source packages, native onnxruntime. `npm run test:tools`.
        test: {
          name: "tools",
          environment: "node",
          include: ["tools/test/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
