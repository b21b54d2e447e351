/**
 * Intake limits, chosen from measurements (node --expose-gc, see
 * tools/fixtures/measure-decode.ts; numbers in the image-intake report):
 *
 * - JPEG goes through our streaming decoder (src/image/jpeg), which never holds
 *   full resolution: a 12 MP photo decodes at 1/2 scale with ~18 MB of JS
 *   memory (12 MB of it the 2016x1512 output). 50 MP decodes at 1/4 scale,
 *   ~40 MB worst case (progressive), so 50 MP is the JPEG limit.
 * - PNG and WebP go through photon (wasm) in a throw-away instance whose heap
 *   peaks at ~12.5 bytes per pixel (4 MP: 52 MB, 8 MP: 101 MB, 16 MP: 198 MB)
 *   plus a 4 bytes/pixel copy out. 4 MP (2048x2048) keeps that near 70 MB,
 *   leaving room in the 128 MB isolate for the models.
 */
export const MAX_BYTES = 20 * 1024 * 1024;
export const MAX_PIXELS_JPEG = 50_000_000;
export const MAX_PIXELS_PHOTON = 4_194_304;
/**
 * Longest side we aim to decode at; faces need ~1-2 MP. A 4032x3024 phone
 * photo decodes at 1/2 (2016x1512); anything under 3200 px decodes at full size.
 */
export const DEFAULT_TARGET_MAX_SIDE = 1600;
