// placeholder replaced below
import { toolArgs } from "../tool-args.ts";
toolArgs("readme:sample", "Usage: npm run readme:sample", {});
