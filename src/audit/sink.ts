import { LogsIngestionClient, LogsIngestionClientOptions, LogsUploadFailure } from "@azure/monitor-ingestion";
import { McpAuditRecord, MCP_SERVER_LOGS_STREAM } from "../schema/mcpServerLogs";
import { statusOf } from "./values";

type TokenCredential = ConstructorParameters<typeof LogsIngestionClient>[1];

/** The part of LogsIngestionClient the sink uses, so tests and benches can count or fail uploads. */
export interface LogsUploader {
  upload(ruleId: string, streamName: string, logs: Record<string, unknown>[], options?: { onError?: (failure: LogsUploadFailure) => void }): Promise<void>;
}

/** What the sink has done, for a metrics endpoint or a health probe. */
export interface AuditSinkStats {
  /** Records accepted into the buffer. */
  accepted: number;
  /** Records the Logs Ingestion API took. */
  uploaded: number;
  /** Records dropped because the buffer was full: the overflow the operator must see. */
  overflowed: number;
  /** Records dropped after the API refused them for good (4xx other than 429) or retries ran out. */
  rejected: number;
  /** Upload attempts that failed and were retried. */
  retries: number;
  /** Records waiting now. */
  buffered: number;
}

export interface AuditSinkOptions {
  /** The DCR's immutable id (dcr-...). */
  ruleId: string;
  /** The DCR stream. @default "Custom-MCPServerLogs_CL" */
  streamName?: string;
  /** Where records go: a LogsIngestionClient, or anything with its upload method. */
  uploader: LogsUploader;
  /** Records per upload. @default 500 */
  maxBatchSize?: number;
  /** The longest a record waits before its batch is sent, in ms. @default 2000 */
  maxBatchDelayMs?: number;
  /** Records held in memory at most; beyond it new records are dropped and counted. @default 10000 */
  maxBufferedRecords?: number;
  /** Attempts per batch on 429, 5xx or a network error before it is dropped and counted. @default 6 */
  maxAttempts?: number;
  /** First retry delay in ms; doubled per attempt with jitter, capped at maxRetryDelayMs. @default 500 */
  retryDelayMs?: number;
  /** @default 30000 */
  maxRetryDelayMs?: number;
  /** Where the sink reports overflow and dropped batches (one line each, no record content). @default console.warn */
  log?: (line: string) => void;
}

/** Errors worth retrying: throttling, server errors, and failures without a status (network, timeout). */
function retryable(cause: unknown): boolean {
  const status = statusOf(cause);
  return status === undefined || Number.isNaN(status) || status === 408 || status === 429 || status >= 500;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/**
 * A bounded, batching uploader between the MCP call path and the Logs Ingestion API. `add` is
 * synchronous and never throws or waits: a slow or failing upload can only fill the buffer, and a full
 * buffer drops new records, counts them, and says so in a log line. One batch is in flight at a time,
 * so retries (exponential backoff with jitter on 429/5xx) keep records in order.
 */
export class AuditSink {
  private readonly buffer: Record<string, unknown>[] = [];
  private readonly opts: Required<Omit<AuditSinkOptions, "uploader" | "ruleId">>;
  private readonly counters = { accepted: 0, uploaded: 0, overflowed: 0, rejected: 0, retries: 0 };
  private timer: NodeJS.Timeout | undefined;
  /** The pending timer is the zero-delay one a full batch set. */
  private timerImmediate = false;
  private inFlight: Promise<void> | undefined;
  private closed = false;
  private overflowReported = 0;

  constructor(private readonly options: AuditSinkOptions) {
    this.opts = {
      streamName: options.streamName ?? MCP_SERVER_LOGS_STREAM,
      maxBatchSize: options.maxBatchSize ?? 500,
      maxBatchDelayMs: options.maxBatchDelayMs ?? 2000,
      maxBufferedRecords: options.maxBufferedRecords ?? 10_000,
      maxAttempts: options.maxAttempts ?? 6,
      retryDelayMs: options.retryDelayMs ?? 500,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
      log: options.log ?? ((line) => console.warn(line)),
    };
  }

  /** A sink that signs in with `credential` (the gateway's managed identity) and retries itself. */
  static forEndpoint(endpoint: string, ruleId: string, credential: TokenCredential, options: Omit<AuditSinkOptions, "ruleId" | "uploader"> & { clientOptions?: LogsIngestionClientOptions } = {}): AuditSink {
    // The sink owns retries so a throttled upload never holds more than one batch in the client.
    const client = new LogsIngestionClient(endpoint, credential, { ...options.clientOptions, retryOptions: { maxRetries: 0, ...options.clientOptions?.retryOptions } });
    return new AuditSink({ ...options, ruleId, uploader: client });
  }

  stats(): AuditSinkStats {
    return { ...this.counters, buffered: this.buffer.length };
  }

  /** Queues one record; returns false when the buffer was full and the record was dropped. */
  add(record: McpAuditRecord): boolean {
    if (this.closed || this.buffer.length >= this.opts.maxBufferedRecords) {
      this.counters.overflowed++;
      this.reportOverflow();
      return false;
    }
    this.buffer.push(record);
    this.counters.accepted++;
    this.plan();
    return true;
  }

  /** Sends everything buffered now, retrying as usual; resolves when the buffer is empty or given up on. */
  async flush(): Promise<void> {
    while (this.buffer.length > 0 || this.inFlight) {
      this.kick();
      await this.inFlight;
    }
  }

  /** Flushes and stops taking records: call it on SIGTERM before the process exits. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerImmediate = false;
  }

  /**
   * Sets the timer the buffer needs: a full batch leaves on the next turn of the event loop (after the one
   * in flight), never inside `add`, whose caller is an MCP call (the client serialises the whole batch
   * when an upload starts); a partial one within maxBatchDelayMs.
   */
  private plan(): void {
    if (this.buffer.length >= this.opts.maxBatchSize) {
      if (!this.inFlight && !this.timerImmediate) this.schedule(0);
    } else if (this.buffer.length > 0 && this.timer === undefined) this.schedule(this.opts.maxBatchDelayMs);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), ms).unref();
    this.timerImmediate = ms === 0;
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerImmediate = false;
    if (this.inFlight || this.buffer.length === 0) return;
    this.inFlight = this.drain().finally(() => {
      this.inFlight = undefined;
      this.plan();
    });
  }

  private async drain(): Promise<void> {
    const batch = this.buffer.splice(0, this.opts.maxBatchSize);
    for (let attempt = 1; ; attempt++) {
      let failure: LogsUploadFailure | undefined;
      try {
        await this.options.uploader.upload(this.options.ruleId, this.opts.streamName, batch, { onError: (f) => (failure = failure ?? f) });
      } catch (err) {
        failure = { failedLogs: batch, cause: err instanceof Error ? err : new Error(String(err)) };
      }
      if (failure === undefined) {
        this.counters.uploaded += batch.length;
        return;
      }
      const failed = failure.failedLogs.length;
      this.counters.uploaded += batch.length - failed;
      if (!retryable(failure.cause) || attempt >= this.opts.maxAttempts) {
        this.counters.rejected += failed;
        this.opts.log(`mcp-guard audit: dropped ${failed} records after ${attempt} attempt(s): ${describe(failure.cause)}`);
        return;
      }
      this.counters.retries++;
      batch.splice(0, batch.length, ...failure.failedLogs);
      const delay = Math.min(this.opts.maxRetryDelayMs, this.opts.retryDelayMs * 2 ** (attempt - 1));
      await sleep(delay / 2 + Math.random() * (delay / 2));
    }
  }

  private reportOverflow(): void {
    // One line per power of ten dropped: loud enough to notice, never a log flood under a burst.
    const n = this.counters.overflowed;
    if (n === 1 || n >= this.overflowReported * 10) {
      this.overflowReported = n;
      this.opts.log(`mcp-guard audit: buffer full (${this.opts.maxBufferedRecords} records), ${n} record(s) dropped so far`);
    }
  }
}

/** The status and the error's name only: an upload error's message can carry the request. */
function describe(cause: unknown): string {
  const code = statusOf(cause);
  const status = code === undefined ? "" : ` status ${code}`;
  return `${cause instanceof Error ? cause.name : "error"}${status}`;
}
