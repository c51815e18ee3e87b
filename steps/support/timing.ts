// Every deadline and window the steps use, in one place. All are multiplied by the target's
// time scale (`--time-scale`), so a slow or remote broker gets proportionally longer.

/** How long to wait for a packet the broker must send. */
export const DEADLINE_MS = 2000;
/** How long to watch for a packet the broker must NOT send. */
export const SILENCE_MS = 300;
/** How long a connection must stay open to count as "not closed". */
export const STAYS_OPEN_MS = 500;
/** Best-effort cleanup after a scenario. */
export const CLEANUP_MS = 1000;
