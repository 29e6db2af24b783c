// The server and the caller of the command-line tools that work through the
// API (import, export, key rotation): a running server owns its database, so
// these tools never open it themselves.

export const SERVER_OPTIONS = { url: { type: "string" }, token: { type: "string" } } as const;

export interface ServerOptions {
  url: string;
  token: string | null;
}

/** --url (default RONGHE_URL, else http://localhost:4000) and --token (default RONGHE_TOKEN). */
export function serverOf(values: { url?: string; token?: string }): ServerOptions {
  return {
    url: (values.url ?? process.env.RONGHE_URL ?? "http://localhost:4000").replace(/\/$/, ""),
    token: values.token ?? process.env.RONGHE_TOKEN ?? null,
  };
}

/** Runs a command's main and exits with its code; an error is one line on stderr and exit code 2. */
export function run(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
