/**
 * Fixes the installed postgres.js driver (3.4.9) where a connection that dies
 * under it takes the server down or leaves a request waiting forever; `npm ci`
 * runs it (postinstall). Idempotent. test/faults reproduces each defect:
 *
 * - A small write is flushed from a setImmediate; when the connection closed in
 *   between (a backend terminated, PostgreSQL restarted, a network reset during
 *   a transaction, after which `begin()` itself sends ROLLBACK on the dead
 *   connection), the flush dereferences a null socket and the TypeError
 *   escapes as an uncaught exception (porsager/postgres#1208, #1154, #1066).
 * - Closing cancels a pending flush but leaves its timer set, so the
 *   reconnected connection never writes again; and after a socket error it
 *   never rejects queries sent between the 'error' and 'close' events, so
 *   their callers wait forever.
 * - A new connection's array-type query is not awaited: when the connection
 *   dies during it, the rejection is unhandled and Node exits
 *   (porsager/postgres#1192, #1205, #1223). Its failure already fails the
 *   connection's first query, so it is safe to ignore.
 *
 * The connection's pending queries are then rejected with CONNECTION_CLOSED,
 * which the server answers as a retryable 503. When the driver's file no
 * longer contains the code below (an upgrade), this fails loudly: check whether
 * upstream fixed these, then update or delete this file.
 */
import fs from "node:fs";
import path from "node:path";

const DRIVER_FILES = ["src/connection.js", "cjs/src/connection.js", "cf/src/connection.js"];
const MARKER = "ronghe: see src/cli/patch-postgres.ts";

interface Replacement {
  original: string;
  patched: string;
  /** How often `original` occurs in the driver's file. */
  occurrences: number;
}

const REPLACEMENTS: Replacement[] = [
  {
    // The flush: settle instead of throwing when the socket is gone.
    original: `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`,
    patched: `  function nextWrite(fn) {
    if (!socket) { // ${MARKER} (closed() dropped the socket before this flush ran)
      const closedError = Errors.connection('CONNECTION_CLOSED', options)
      chunk = nextWriteTimer = null
      error(closedError)
      fn && fn(closedError)
      // Nothing is buffered: callers must not wait for a drain that never comes.
      return true
    }
    const x = socket.write(chunk, fn)`,
    occurrences: 1,
  },
  {
    // terminate() and closed(): a cancelled flush must not leave its timer set,
    // or write() never schedules another and the reconnected connection never speaks.
    original: `
    clearImmediate(nextWriteTimer)
`,
    patched: `
    clearImmediate(nextWriteTimer)
    nextWriteTimer = chunk = null // ${MARKER}
`,
    occurrences: 2,
  },
  {
    // closed() after a socket error: queries sent between the 'error' and the
    // 'close' events were never rejected, so their callers waited forever.
    original: `
    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))
`,
    patched: `
    ;(query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket)) // ${MARKER}
`,
    occurrences: 1,
  },
  {
    // A new connection's array-type query: its failure must not be an unhandled rejection.
    original: `
        return fetchArrayTypes()
`,
    patched: `
        return fetchArrayTypes().catch(noop) // ${MARKER}
`,
    occurrences: 1,
  },
];

const count = (source: string, text: string) => source.split(text).length - 1;

function patch(file: string): string {
  let source = fs.readFileSync(file, "utf8");
  let applied = 0;
  for (const { original, patched, occurrences } of REPLACEMENTS) {
    if (count(source, patched) === occurrences) continue;
    if (count(source, original) !== occurrences) {
      throw new Error(`${file} no longer has the code this patch expects: postgres.js changed; check porsager/postgres upstream and update src/cli/patch-postgres.ts`);
    }
    source = source.replaceAll(original, patched);
    applied += 1;
  }
  if (applied > 0) fs.writeFileSync(file, source);
  return applied > 0 ? `patched (${applied} of ${REPLACEMENTS.length} changes)` : "already patched";
}

const driver = path.resolve("node_modules/postgres");
for (const relative of DRIVER_FILES) {
  process.stdout.write(`postgres.js ${relative}: ${patch(path.join(driver, relative))}\n`);
}
