export declare const NODE22_VERSION: string;
export declare function node22Dir(): string;
export declare function node22Path(): string;
export declare function node22Env(bin?: string, env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
