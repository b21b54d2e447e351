import { seedLocalR2 } from "../../tools/seed/seed-local-r2.ts";
import { ROOT, startWranglerDev as start, type WranglerDev } from "../../tools/wrangler-dev.ts";

/** `wrangler dev` for Node tests of the whole Worker, models/ seeded (see tools/wrangler-dev.ts). */
export { ROOT };
export type DevServer = WranglerDev;

export function startWranglerDev(persistTo: string, vars: Record<string, string>): Promise<DevServer> {
  seedLocalR2({ persistTo, log: () => {} });
  return start({ persistTo, vars });
}
