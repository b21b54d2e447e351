/** Types of dev-vars.mjs (plain JavaScript so tools/dev.mjs runs without tsx). */
export declare const DEV_VARS: string;
export declare function readDevVars(path?: string): Record<string, string>;
export declare function ensureDevVars(path?: string): { vars: Record<string, string>; added: string[] };
