// Generated from src/image/formats.ts by `npm run client:generate`; do not edit.
/** The image formats the API accepts, by file extension. */
export const IMAGE_FORMATS = [{"mediaType":"image/jpeg","extensions":[".jpg",".jpeg"]},{"mediaType":"image/png","extensions":[".png"]},{"mediaType":"image/webp","extensions":[".webp"]}] as const;
