/**
 * How many callers one process remembers. Bounds memory (about 100 bytes
 * each); past it the least recently seen caller is forgotten and, if it comes
 * back, starts again with a full bucket.
 */
const MAX_TRACKED_CALLERS = 10_000;

export interface CostBudgetSettings {
  /** Cost refilled per minute, spread evenly. */
  costPerMinute: number;
  /** The bucket's size: the most a rested caller can spend at once. */
  burst: number;
}

/** The outcome of charging a request's cost; `remaining` is what is left after it (or before, when refused). */
export interface Charge {
  granted: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

interface Bucket {
  cost: number;
  updatedAtMs: number;
}

/**
 * A token bucket of query cost per caller, in this process's memory: behind a
 * load balancer each server process keeps its own buckets.
 */
export class CostBudget {
  // A Map iterates in insertion order; re-inserting on every use keeps the least recently seen caller first.
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(
    private readonly settings: CostBudgetSettings,
    private readonly nowMs: () => number = () => performance.now(),
    private readonly maxCallers = MAX_TRACKED_CALLERS,
  ) {
    this.refillPerMs = settings.costPerMinute / 60_000;
  }

  /** Takes `cost` from the caller's bucket if it holds that much; otherwise takes nothing and says when it will. */
  charge(caller: string, cost: number): Charge {
    const bucket = this.refilled(caller);
    if (cost > bucket.cost) {
      const waitMs = (cost - bucket.cost) / this.refillPerMs;
      return { granted: false, remaining: Math.floor(bucket.cost), retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    bucket.cost -= cost;
    return { granted: true, remaining: Math.floor(bucket.cost), retryAfterSeconds: 0 };
  }

  private refilled(caller: string): Bucket {
    const nowMs = this.nowMs();
    const known = this.buckets.get(caller);
    this.buckets.delete(caller);
    const bucket = known
      ? { cost: Math.min(this.settings.burst, known.cost + (nowMs - known.updatedAtMs) * this.refillPerMs), updatedAtMs: nowMs }
      : { cost: this.settings.burst, updatedAtMs: nowMs };
    this.buckets.set(caller, bucket);
    if (this.buckets.size > this.maxCallers) this.buckets.delete(this.buckets.keys().next().value as string);
    return bucket;
  }
}
