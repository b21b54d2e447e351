// Whether a module is the script node was started with (not imported). argv[1]
// may reach the file through a symlink (a checkout laid out with links, as the
// README's doc-test does), so real paths are compared. Plain .mjs so that
// plain-node scripts can import it without tsx.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** @param {string} metaUrl the caller's import.meta.url */
export function isMain(metaUrl) {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(metaUrl));
  } catch {
    return false;
  }
}
