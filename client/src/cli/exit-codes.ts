/**
 * The CLI's exit codes, for scripts (also in `faceflare --help` and the
 * README). 0 only when every image was analysed.
 */
export const EXIT = {
  /** Every image was analysed. */
  ok: 0,
  /** The run finished, but some images failed or were refused; they are listed in the output with their error. */
  someFailed: 1,
  /** Bad arguments, a missing folder or no images in it, an unreadable key file. */
  usage: 2,
  /** The API could not be reached (connection refused, DNS, timeouts), after retries. */
  connection: 3,
  /** The API refused the run (a bad key, a limit, a 5xx after retries) or the output could not be written. */
  failed: 4,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  every image was analysed
  1  some images failed or were refused (listed in the output with their error)
  2  usage error (bad arguments, no images, unreadable key file)
  3  the API could not be reached
  4  the API refused the run (bad key, limit, server error) or the output could not be written`;

/** An error whose exit code is known. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
