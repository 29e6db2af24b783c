import net from "node:net";
import type { AddressInfo } from "node:net";

/** One pipe direction: chunks leave in order, each no earlier than its release time. */
class DelayedPipe {
  private readonly queue: { chunk: Buffer; releaseAt: number }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly to: net.Socket,
    private readonly proxy: FaultProxy,
  ) {}

  push(chunk: Buffer): void {
    const previous = this.queue.at(-1)?.releaseAt ?? 0;
    this.queue.push({ chunk, releaseAt: Math.max(previous, Date.now() + this.proxy.latencyFor()) });
    this.pump();
  }

  /** Writes every chunk that is due, then sleeps until the next one (or the end of a stall). */
  pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const now = Date.now();
    while (this.queue.length > 0 && this.queue[0].releaseAt <= now && this.proxy.stalledUntil <= now) {
      if (!this.to.destroyed) this.to.write(this.queue.shift()!.chunk);
      else this.queue.shift();
    }
    if (this.queue.length === 0) return;
    const wakeAt = Math.max(this.queue[0].releaseAt, this.proxy.stalledUntil);
    this.timer = setTimeout(() => this.pump(), Math.max(1, wakeAt - now));
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.queue.length = 0;
  }
}

interface ProxiedConnection {
  client: net.Socket;
  upstream: net.Socket;
  pipes: DelayedPipe[];
}

/**
 * A TCP proxy between the server and PostgreSQL that injects the network's
 * faults on command: latency on every chunk, resets (RST both ways) of open
 * connections, and stalls (nothing forwarded for a while, then everything).
 * Every fault is bounded; `heal()` stops them all.
 */
export class FaultProxy {
  private readonly connections = new Set<ProxiedConnection>();
  private maxLatencyMs = 0;
  /** Forwarding resumes at this time (ms since the epoch). */
  stalledUntil = 0;
  /** Connections accepted so far. */
  accepted = 0;

  private constructor(
    private readonly server: net.Server,
    private readonly random: () => number,
  ) {}

  static async start(target: { host: string; port: number }, random: () => number): Promise<FaultProxy> {
    const server = net.createServer();
    const proxy = new FaultProxy(server, random);
    server.on("connection", (client) => proxy.accept(client, target));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get openConnections(): number {
    return this.connections.size;
  }

  /** Each chunk is delayed by a uniform 0..maxLatencyMs (order is kept). */
  setLatency(maxLatencyMs: number): void {
    this.maxLatencyMs = maxLatencyMs;
  }

  latencyFor(): number {
    return Math.floor(this.random() * (this.maxLatencyMs + 1));
  }

  /** Resets each open connection with probability `share`; returns how many. */
  reset(share: number): number {
    let count = 0;
    for (const connection of [...this.connections]) {
      if (this.random() >= share) continue;
      this.drop(connection, "reset");
      count += 1;
    }
    return count;
  }

  /** Forwards nothing for `durationMs`, in either direction, on any connection. */
  stall(durationMs: number): void {
    this.stalledUntil = Math.max(this.stalledUntil, Date.now() + durationMs);
  }

  /** Ends every fault: no latency, no stall. */
  heal(): void {
    this.maxLatencyMs = 0;
    this.stalledUntil = 0;
    for (const connection of this.connections) for (const pipe of connection.pipes) pipe.pump();
  }

  /** Stops listening and drops every connection. */
  async close(): Promise<void> {
    for (const open of [...this.connections]) this.drop(open, "end");
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private drop(connection: ProxiedConnection, how: "reset" | "end"): void {
    if (!this.connections.delete(connection)) return;
    for (const pipe of connection.pipes) pipe.stop();
    for (const socket of [connection.client, connection.upstream]) {
      if (socket.destroyed) continue;
      if (how === "reset") socket.resetAndDestroy();
      else socket.destroy();
    }
  }

  private accept(client: net.Socket, target: { host: string; port: number }): void {
    this.accepted += 1;
    const upstream = net.connect(target.port, target.host);
    const connection: ProxiedConnection = { client, upstream, pipes: [new DelayedPipe(upstream, this), new DelayedPipe(client, this)] };
    this.connections.add(connection);
    const [toUpstream, toClient] = connection.pipes;
    client.on("data", (chunk: Buffer) => toUpstream.push(chunk));
    upstream.on("data", (chunk: Buffer) => toClient.push(chunk));
    // Either side going away takes the other with it, as a real network path would.
    for (const socket of [client, upstream]) {
      socket.on("error", () => this.drop(connection, "reset"));
      socket.on("close", () => this.drop(connection, "end"));
    }
  }
}
