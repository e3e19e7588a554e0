/**
 * `--wait <seconds>` of `sync|retry|check --database`: how long the command waits for a worker's
 * result. A module of its own (no queue library), so the CLI can name the option without loading one.
 */

/** How long `sync|retry|check --database` wait for a worker's result by default: a long sync fits. */
export const DEFAULT_WAIT_SECONDS = 15 * 60;

/** `--wait <seconds>`'s help (registered on sync, retry and check). */
export const WAIT_OPTION_HELP = `with --database: how long to wait for a worker's result before giving up with exit 4 (default ${DEFAULT_WAIT_SECONDS}, 15 minutes); a job no worker has taken by then is cancelled`;

export interface WaitOption {
  /** `--wait`: seconds to wait for a worker's result (default DEFAULT_WAIT_SECONDS). */
  wait?: number;
}
