#!/usr/bin/env node
// The CLI is TypeScript (cli/); tsx compiles it on the fly when run from the repo.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
