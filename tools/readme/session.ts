import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ensureDevVars } from "../dev-vars.mjs";
import { seedLocalR2 } from "../seed/seed-local-r2.ts";
import { startWranglerDev, type WranglerDev } from "../wrangler-dev.ts";
import { codeBlocks, type CodeBlock } from "./blocks.ts";
import { createWorkspace, ROOT, runBlock, type BlockRun, type Workspace } from "./workspace.ts";

/** The Markdown files whose blocks must run as written. */
export const DOCS = ["README.md", "client/README.md"];

export const SHELL_LANGS = ["sh", "bash", "shell"];
export const RUNNABLE_LANGS = [...SHELL_LANGS, "ts", "js"];

export const blocksOf = (doc: string): CodeBlock[] => codeBlocks(readFileSync(join(ROOT, doc), "utf8"), doc);

/**
 * `wrangler dev` as `npm run dev` starts it: models seeded into its local R2
 * and the secrets of .dev.vars (made if missing, as npm run dev makes them),
 * so `npm run -s keys -- dev` prints a key this server accepts.
 */
export async function startReadmeServer(persistTo: string): Promise<WranglerDev> {
  const { vars } = ensureDevVars();
  seedLocalR2({ persistTo, log: () => {} });
  return startWranglerDev({ persistTo, vars: { DEV_API_KEY: vars.DEV_API_KEY, UPLOAD_SIGNING_SECRET: vars.UPLOAD_SIGNING_SECRET } });
}

export interface Session {
  server: WranglerDev;
  workspace: Workspace;
  run(block: CodeBlock): Promise<BlockRun>;
  close(): Promise<void>;
}

export async function startSession(persistTo: string): Promise<Session> {
  const server = await startReadmeServer(persistTo);
  let workspace: Workspace;
  try {
    workspace = createWorkspace(server.url);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return {
    server,
    workspace,
    run: (block) => runBlock(workspace, block),
    close: async () => {
      workspace.close();
      await server.stop();
    },
  };
}

/** The block a sample shows the answer of: the runnable block just before it. */
export function sampleSource(blocks: CodeBlock[], sample: CodeBlock): CodeBlock {
  const before = blocks.slice(0, blocks.indexOf(sample)).filter((b) => RUNNABLE_LANGS.includes(b.lang) && b.directive?.kind !== "skip");
  const source = before.at(-1);
  if (!source) throw new Error(`${sample.file}:${sample.line}: a sample needs a command block before it`);
  return source;
}
