/** Whether the module with this import.meta.url is the script node was started with. */
export function isMain(metaUrl: string): boolean;
