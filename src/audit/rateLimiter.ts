/**
 * Per-caller rate limit as a token bucket: `limit` requests per `windowMs`, refilled continuously, so
 * a caller at the limit gets one request back every windowMs/limit instead of a burst at each minute.
 * The guide's template: 100 requests per minute.
 */
export interface RateLimiterOptions {
  /** Requests per window. @default 100 */
  limit?: number;
  /** @default 60000 */
  windowMs?: number;
  /** Callers tracked at most; idle full buckets are forgotten first. @default 10000 */
  maxCallers?: number;
  /** The clock, for tests. @default Date.now */
  now?: () => number;
}

export class RateLimiter {
  readonly limit: number;
  private readonly windowMs: number;
  private readonly maxCallers: number;
  private readonly now: () => number;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: RateLimiterOptions = {}) {
    this.limit = options.limit ?? 100;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxCallers = options.maxCallers ?? 10_000;
    this.now = options.now ?? Date.now;
    if (!(this.limit > 0) || !(this.windowMs > 0)) throw new Error("RateLimiter: limit and windowMs must be positive");
  }

  /** Takes one request from `caller`'s bucket; false means over the limit. */
  take(caller: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(caller) ?? { tokens: this.limit, at: now };
    bucket.tokens = Math.min(this.limit, bucket.tokens + ((now - bucket.at) * this.limit) / this.windowMs);
    bucket.at = now;
    this.buckets.delete(caller);
    this.buckets.set(caller, bucket);
    if (this.buckets.size > this.maxCallers) this.forgetOldest();
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Seconds until `caller` has a request again, for Retry-After. */
  retryAfterSeconds(caller: string): number {
    const bucket = this.buckets.get(caller);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.ceil(((1 - bucket.tokens) * this.windowMs) / this.limit / 1000);
  }

  private forgetOldest(): void {
    // Map order is last use: the first entry is the longest idle.
    const oldest = this.buckets.keys().next();
    if (!oldest.done) this.buckets.delete(oldest.value);
  }
}
