/**
 * The shape of `pulumi preview --json` (Pulumi's `display.PreviewDigest`), reduced to the fields mcp-guard
 * writes and reads. Our offline plan writes it, and the diff and policy runner read ours or Pulumi's.
 */
export const STEP_OPS = ["same", "create", "update", "delete", "replace", "create-replacement", "delete-replaced", "read", "refresh", "import"] as const;
export type StepOp = (typeof STEP_OPS)[number];
export const isStepOp = (v: unknown): v is StepOp => STEP_OPS.some((op) => op === v);

export interface ResourceState {
  urn: string;
  custom: boolean;
  type: string;
  id?: string;
  parent?: string;
  inputs: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  protect?: boolean;
  /** Pulumi `retainOnDelete`: a delete only removes the resource from the stack. */
  retainOnDelete?: boolean;
  /** Pulumi `deletedWith`: the URN whose deletion takes this resource along, so no delete call is made for it. */
  deletedWith?: string;
  dependencies?: string[];
  provider?: string;
}

export interface PreviewStep {
  op: StepOp;
  urn: string;
  provider?: string;
  oldState?: ResourceState;
  newState?: ResourceState;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }>;
}

export interface PreviewDigest {
  config?: Record<string, string>;
  steps: PreviewStep[];
  diagnostics?: { message: string; severity: string; urn?: string }[];
  changeSummary: Partial<Record<StepOp, number>>;
}

/** Pulumi's marker keys in serialized property values (sdk/nodejs/runtime/rpc.ts). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** How `pulumi preview --json` writes a secret: the value blinded, the marker kept. */
export const BLINDED_SECRET = { [SIG_KEY]: SECRET_SIG, ciphertext: "[secret]" };

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `pulumi preview --json` writes a secret as the string "[secret]"; our digest keeps Pulumi's marker object. */
export const SECRET_DISPLAY = "[secret]";

export function isSecret(v: unknown): boolean {
  return v === SECRET_DISPLAY || (isRecord(v) && v[SIG_KEY] === SECRET_SIG);
}

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/**
 * Converts serialized inputs to the digest's form: secrets blinded (their values never leave this
 * function), resource references reduced to their URN.
 */
export function blindInputs(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(blindInputs);
  if (!isRecord(v)) return v;
  if (v[SIG_KEY] === SECRET_SIG) return blindSecret(v.value);
  if (v[SIG_KEY] === RESOURCE_REF_SIG) return v.urn;
  return blindRecord(v);
}

/**
 * The offline plan's stand-in for a `secure:` value ends in a digest of its ciphertext: kept as the
 * blinded secret's fingerprint, it tells a rotated secret from an unchanged one. Real values get none.
 */
const PLACEHOLDER_FINGERPRINT = /^offline-plan-placeholder-for-an-encrypted-value:([0-9a-f]{16})$/;

function blindSecret(value: unknown): Record<string, unknown> {
  const fingerprint = typeof value === "string" ? PLACEHOLDER_FINGERPRINT.exec(value)?.[1] : undefined;
  return fingerprint ? { ...BLINDED_SECRET, fingerprint } : { ...BLINDED_SECRET };
}

export function blindRecord(r: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(r).sort().map((k) => [k, blindInputs(r[k])]));
}

/** Inputs with every string that holds one of `leaves` (values of --secret config keys) blinded as a secret. */
export function blindLeaves<T>(v: T, leaves: readonly string[]): T;
export function blindLeaves(v: unknown, leaves: readonly string[]): unknown {
  if (leaves.length === 0) return v;
  if (typeof v === "string") return leaves.some((l) => v.includes(l)) ? blindSecret(v) : v;
  if (Array.isArray(v)) return v.map((x) => blindLeaves(x, leaves));
  if (isRecord(v)) return isSecret(v) ? v : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, blindLeaves(x, leaves)]));
  return v;
}

/** Reads a digest value for display or comparison: secrets as `[secret]`, unknowns as `[unknown]`. */
export function displayValue(v: unknown): unknown {
  if (isSecret(v)) return "[secret]";
  if (isUnknown(v)) return "[unknown]";
  if (Array.isArray(v)) return v.map(displayValue);
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, displayValue(x)]));
  return v;
}

export function summarize(steps: PreviewStep[]): Partial<Record<StepOp, number>> {
  const summary: Partial<Record<StepOp, number>> = {};
  for (const s of steps) summary[s.op] = (summary[s.op] ?? 0) + 1;
  return summary;
}

/** A URN's last segment is the logical name; the type is the last `$`-part of the third segment. */
export function urnName(urn: string): string {
  // Everything after the third `::`, found without splitting the URN (this runs for every resource and rule).
  let at = -2;
  for (let i = 0; i < 3; i++) {
    at = urn.indexOf("::", at + 2);
    if (at < 0) return "";
  }
  return urn.slice(at + 2);
}
