import type { Logger } from "../http/logger.js";

// How long start waits for the first attempt before serving without the
// database. The attempt itself may take longer (postgres.js keeps a query
// waiting while a peer keeps dropping its connections).
const FIRST_ATTEMPT_WAIT_MS = 5_000;
// Retry soon at first (a database starting next to the server is up within
// seconds), then at a capped interval: a database that comes back after an
// hour is still picked up within RETRY_MAX_DELAY_MS.
const RETRY_FIRST_DELAY_MS = 250;
const RETRY_MAX_DELAY_MS = 5_000;
// Drivers wrap the network error (drizzle's query error around postgres.js's); the innermost says what is wrong.
const MAX_CAUSE_DEPTH = 5;

/**
 * Whether the database is ready to serve: reachable and prepared (migrated,
 * keys registered). With `retryInBackground`, a database that is not there at
 * start leaves the server running but not ready, and `prepare` is retried with
 * capped exponential backoff for as long as the server runs, because its job
 * is to serve as soon as the database appears. One attempt runs at a time, so
 * two migrations never overlap.
 */
export class DatabaseGate {
  private failure: string | null = "waiting for the database to answer";
  private closed = false;
  private wakeUp: (() => void) | null = null;
  private readonly whenReady: (() => void)[] = [];

  constructor(private readonly logger: Logger) {}

  get isReady(): boolean {
    return this.failure === null;
  }

  /** Why the database is not ready (the last failure), or null when it is. */
  get reason(): string | null {
    return this.failure;
  }

  /** Prepares the database; without `retryInBackground` a failure is thrown, with it start goes on unready once the first attempt fails or after a bounded wait. */
  async open(prepare: () => Promise<void>, options: { retryInBackground: boolean }): Promise<void> {
    if (!options.retryInBackground) return this.attempt(prepare);
    const first = this.attempt(prepare);
    // Retries start only once the first attempt has ended: two migrations never overlap.
    void first.catch(() => this.retryUntilReady(prepare));
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_ATTEMPT_WAIT_MS)));
    await Promise.race([first.catch(() => undefined), waited]);
    clearTimeout(timer);
    if (!this.isReady) this.logger.warn("serving without the database until it is ready", { reason: this.failure });
  }

  /** Runs `callback` once the database is ready (now, if it is); never after `close`. */
  onReady(callback: () => void): void {
    if (this.isReady) callback();
    else this.whenReady.push(callback);
  }

  close(): void {
    this.closed = true;
    this.wakeUp?.();
  }

  private async retryUntilReady(prepare: () => Promise<void>): Promise<void> {
    for (let retries = 0; !this.closed; retries += 1) {
      const delayMs = Math.min(RETRY_FIRST_DELAY_MS * 2 ** retries, RETRY_MAX_DELAY_MS);
      this.logger.warn("database not ready; retrying", { reason: this.failure, retryInMs: delayMs });
      await this.pause(delayMs);
      if (this.closed) return;
      try {
        await this.attempt(prepare);
        this.logger.info("database ready", { retries: retries + 1 });
        return;
      } catch {
        // recorded in `failure`
      }
    }
  }

  private async attempt(prepare: () => Promise<void>): Promise<void> {
    try {
      await prepare();
    } catch (error) {
      this.failure = innermostMessage(error);
      throw error;
    }
    this.failure = null;
    if (this.closed) return;
    for (const callback of this.whenReady.splice(0)) callback();
  }

  /** Waits `ms`, or less if the gate closes meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function innermostMessage(error: unknown): string {
  let current = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof Error && current.cause !== undefined; depth += 1) current = current.cause;
  // A host name with several addresses fails with an AggregateError whose own message is empty.
  if (current instanceof AggregateError && current.errors.length > 0) current = current.errors[0];
  if (!(current instanceof Error)) return String(current);
  return current.message || (current as NodeJS.ErrnoException).code || current.name;
}
