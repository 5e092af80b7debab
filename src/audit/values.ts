import type { CallerIdentity } from "./tokens";

/** Type guards for values that arrive untyped (JSON-RPC params, AuthInfo.extra, upload errors). */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export const isIdentity = (v: unknown): v is CallerIdentity => isRecord(v) && typeof v.user === "string" && typeof v.objectId === "string" && typeof v.clientAppId === "string";

/** The HTTP status an Azure SDK error carries, if any. */
export const statusOf = (cause: unknown): number | undefined => (isRecord(cause) || cause instanceof Error) && "statusCode" in cause ? Number(Reflect.get(cause, "statusCode")) : undefined;
