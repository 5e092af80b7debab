import * as pulumi from "@pulumi/pulumi";
import { credentialShape } from "./credentials";

/*
 * "Set with --secret" is a promise about a value, not about a key: whichever key holds it (a tag, the
 * operators group id, a webhook URI), the value stays blinded in state, the plan, the diff and every
 * error. The program reads config as plain strings, so nothing else would keep that promise.
 */

/** What redaction and blinding show instead of a secret. */
export const REDACTED = "[secret]";

/** Shorter strings ("1", "on") are everywhere; blinding them would blind the whole plan and protect nothing. */
const MIN_SECRET_LENGTH = 4;

/** Config as the Pulumi engine hands it over: fully qualified keys to strings, and the keys set with --secret. */
export interface SecretConfigSource {
  values: Record<string, string>;
  secretKeys: readonly string[];
}

/** A map key under a secret that reads like a value pasted in the wrong place, not like a name. */
function looksLikeValue(k: string): boolean {
  return credentialShape(k) !== undefined || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(k);
}

function leavesOf(v: unknown, out: Set<string>, keys: boolean): void {
  if (typeof v === "string" || typeof v === "number") out.add(String(v));
  else if (Array.isArray(v)) for (const x of v) leavesOf(x, out, keys);
  else if (typeof v === "object" && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      if (keys && looksLikeValue(k)) out.add(k);
      leavesOf(x, out, keys);
    }
  }
}

/**
 * Every string a secret key's value holds: the raw text, and for JSON lists and maps each member and
 * value; with `keys`, also the map keys that look like values rather than names (error messages name
 * the keys of secret maps, such as catalog secret names, unless a value was pasted as a key). Longest first.
 */
export function secretLeaves(cfg: SecretConfigSource, { keys = false }: { keys?: boolean } = {}): string[] {
  const out = new Set<string>();
  for (const key of cfg.secretKeys) {
    const text = cfg.values[key];
    if (text === undefined) continue;
    out.add(text);
    try {
      leavesOf(JSON.parse(text), out, keys);
    } catch {
      // A scalar secret: its text is the leaf.
    }
  }
  return [...out].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** `text` with every secret leaf, raw or JSON-escaped, replaced by [secret]. */
export function redactSecrets(text: string, leaves: readonly string[]): string {
  let out = text;
  for (const leaf of leaves) {
    for (const form of new Set([leaf, JSON.stringify(leaf).slice(1, -1)])) out = out.split(form).join(REDACTED);
  }
  return out;
}

export function containsSecret(text: string, leaves: readonly string[]): boolean {
  return leaves.some((leaf) => text.includes(leaf));
}

/** A plain value with every string that holds a secret leaf wrapped as a Pulumi secret. */
function protect(v: unknown, leaves: readonly string[]): unknown {
  if (typeof v === "string") return containsSecret(v, leaves) ? pulumi.secret(v) : v;
  if (pulumi.Output.isInstance(v)) return v.apply((x: unknown) => (holdsSecret(x, leaves) ? pulumi.secret(x) : x));
  if (v instanceof Promise) return pulumi.output(v).apply((x: unknown) => (holdsSecret(x, leaves) ? pulumi.secret(x) : x));
  if (Array.isArray(v)) return v.map((x) => protect(x, leaves));
  if (typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, protect(x, leaves)]));
  return v;
}

function holdsSecret(v: unknown, leaves: readonly string[]): boolean {
  if (typeof v === "string") return containsSecret(v, leaves);
  if (Array.isArray(v)) return v.some((x) => holdsSecret(x, leaves));
  if (typeof v === "object" && v !== null) return Object.entries(v).some(([k, x]) => containsSecret(k, leaves) || holdsSecret(x, leaves));
  return false;
}

/**
 * Marks every resource input that carries a value of a key set with --secret as a Pulumi secret, so
 * the engine encrypts it in state and every preview shows [secret]. Keys mcp-guard already treats as
 * credentials are wrapped where they are read; this covers every other key a user chose to protect.
 * Registered once by the program, before any resource.
 */
export function protectSecretConfig(cfg: SecretConfigSource, alreadySecret: readonly string[]): void {
  const leaves = secretLeaves({ values: cfg.values, secretKeys: cfg.secretKeys.filter((k) => !alreadySecret.includes(k)) });
  if (leaves.length === 0) return;
  pulumi.runtime.registerStackTransformation((args) => ({ props: Object.fromEntries(Object.entries(args.props).map(([k, v]) => [k, protect(v, leaves)])), opts: args.opts }));
}

/**
 * Provider config keys that are credentials: the azure-native provider itself wraps these in
 * pulumi.secret (@pulumi/azure-native provider.js: clientCertificatePassword, clientSecret), and the
 * OIDC tokens are bearer credentials (provider config/vars.d.ts: oidcToken, oidcRequestToken).
 */
export const PROVIDER_CREDENTIAL_KEYS = ["azure-native:clientSecret", "azure-native:clientCertificatePassword", "azure-native:oidcToken", "azure-native:oidcRequestToken"];

/**
 * Why a plain (not --secret) config value may not stay in the stack file, or undefined. The value is
 * never part of the message: it is a credential sitting in plain text.
 */
export function plainCredentialProblem(fullKey: string, text: string): string | undefined {
  const setCommand = `pulumi config set --secret ${fullKey} <value>`;
  if (PROVIDER_CREDENTIAL_KEYS.includes(fullKey)) return `${fullKey}: is a credential in plain text; set it with ${setCommand} (the plain-text value is not shown)`;
  const leaves = new Set<string>([text]);
  try {
    leavesOf(JSON.parse(text), leaves, false);
  } catch {
    // A scalar: its text is the only leaf.
  }
  for (const leaf of leaves) {
    const shape = credentialShape(leaf);
    if (shape) return `${fullKey}: holds what looks like ${shape} in plain text; keep credentials out of config, or set it with ${setCommand} (the value is not shown)`;
  }
  return undefined;
}
