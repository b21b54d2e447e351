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
 * photo decodes at 1/2 (2016x1512); anything up to 3198 px decodes at full size.
 */
export const DEFAULT_TARGET_MAX_SIDE = 1600;
/**
 * What the JPEG decoder may allocate (output plus coefficient stores); a
 * stronger reduction is chosen when the target's would need more. Only
 * progressive or multi-scan files near the limits get it: a 3198x3198 4:4:4
 * progressive file would need 106 MB at full size and decodes at 1/2, a 50 MP
 * 4:4:4 progressive one decodes at 1/8.
 */
export const MAX_JPEG_DECODE_BYTES = 48 * 1024 * 1024;

/**
 * Work per JPEG, bounded by its frame, so that no file costs much more than a
 * photo of the size it declares (measured with tools/fixtures/measure-worst.ts;
 * numbers in the README's Limits).
 *
 * - Scans: every scan walks every block of its components, even one that is
 *   all end-of-band runs, so a few bytes per scan buy a full pass: the "scan
 *   bomb" that libjpeg-turbo's djpeg -maxscans guards against. Real files have
 *   few: libjpeg's progressive scripts (cjpeg, jpegtran) write 10 scans for
 *   YCbCr, 6 for gray, 18 for CMYK. 64 is 3.5x the most of those and leaves
 *   room for hand-written jpegtran -scans scripts.
 * - Passes: blocks visited summed over all scans, per block of the frame
 *   (what the scan count alone does not bound: 64 scans of the luma of a
 *   12 MP photo). libjpeg's scripts make 4.7 (4:4:4) to 6 (gray, CMYK); 16 is
 *   about 3x that.
 * - Entropy-coded data decoded, per declared pixel. A photo at quality 92
 *   4:2:0 has 1-3 bits per pixel; at quality 100 4:4:4, 10-14 with sensor-like
 *   grain (measured on sample1 with added noise). 16 lets those through;
 *   past it is grain-like content at maximum quality (17.6 with heavier grain).
 */
export const MAX_JPEG_SCANS = 64;
export const MAX_SCAN_PASSES = 16;
export const MAX_ENTROPY_BITS_PER_PIXEL = 16;

/**
 * Chunks per PNG/WebP. A 20 MiB PNG in libpng's 8 KiB IDAT chunks has 2560;
 * real WebP files have at most a handful (VP8X, ICCP, ALPH, VP8, EXIF, XMP).
 */
export const MAX_PNG_CHUNKS = 16384;
export const MAX_WEBP_CHUNKS = 64;
