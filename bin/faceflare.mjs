#!/usr/bin/env node
// `npx faceflare` inside this repository: the client package's CLI from its
// TypeScript source (client/src/cli), compiled on the fly by tsx. Installed
// from npm (or `npm pack ./client`), the same CLI runs as built JavaScript.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../client/src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
