import { defineConfig } from "vitest/config";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { serveModelFiles } from "./test/worker/setup/model-files.ts";
import { webhookOutbound, webhookSink } from "./test/worker/setup/webhook-sink.ts";

// Two projects: `worker` runs inside workerd (the real runtime, with R2/KV/DO
// simulated by Miniflare); `node` runs the model forge and Node tools.
export default defineConfig({
  test: {
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
              bindings: { UPLOAD_SIGNING_SECRET: "test-upload-signing-secret-0123456789" },
            },
          }),
        ],
        test: {
          name: "worker",
          globalSetup: ["test/worker/setup/global-setup.ts"],
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
    ],
  },
});
