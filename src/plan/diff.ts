import { evaluate } from "../policy/runner";
import { ALL_RULES } from "../policy/rules";
import { STACK_RULES } from "../policy/stackRules";
import { Suppression } from "../policy/suppressions";
import { Violation } from "../policy/types";
import { isQueryParameter, PARAMETER_NAMES, QueryParameter } from "../kql/parameters";
import { displayValue, isRecord, isSecret, PreviewDigest, ResourceState, SECRET_DISPLAY, urnName } from "./digest";

/*
 * What a change does to one environment: two PreviewDigests (ours from the offline plan, or Pulumi's
 * own `pulumi preview --json`) reduced to the resources each side ends with, compared resource by
 * resource and property by property, with policy evaluated on both sides.
 */

export type ChangeKind = "create" | "update" | "replace" | "delete";

export interface PropertyChange {
  path: string;
  before: unknown;
  after: unknown;
  /** Why Azure cannot apply this in place, when it cannot. */
  replaces?: string;
}

export interface ResourceChange {
  kind: ChangeKind;
  urn: string;
  type: string;
  name: string;
  /** Logical name of the component it belongs to ("" at the top). */
  component: string;
  properties: PropertyChange[];
  /** Set when the resource holds data that a replace or delete destroys. */
  dataLoss?: string;
  /** The vault name, when this deletes a secret of a vault that refuses public traffic (the delete goes through its data plane). */
  privateVault?: string;
  /** Set when a replace or delete removes the resource from under a management lock, which Azure refuses. */
  lockedBy?: LockHold;
}

/** A management lock of the base whose scope holds a resource the change deletes. */
export interface LockHold {
  lockName: string;
  level: string;
  /** The locked resource's id; the lock's own id is `<scope>/providers/Microsoft.Authorization/locks/<lockName>`. */
  scope: string;
}

export interface PlanDiff {
  changes: ResourceChange[];
  summary: Record<ChangeKind, number>;
  /** Violations the head has and the base had not. */
  introduced: Violation[];
  /** Violations the base had and the head has not. */
  fixed: Violation[];
  /**
   * Detection parameter values added or removed (approving a server in servers/ adds its name, tools
   * and endpoints): the effect a registry change has on every query and alert at once.
   */
  parameters: ParameterChange[];
}

export interface ParameterChange {
  name: QueryParameter;
  added: string[];
  removed: string[];
}

const ANY = "*";

/**
 * Properties Azure cannot change in place, so a change replaces the resource. One table, a source for
 * each entry. The name inputs are part of the ARM resource id, so renaming is always a replacement.
 */
export const REPLACE_ON_CHANGE: { type: string; path: string; source: string }[] = [
  { type: ANY, path: "location", source: "Azure Resource Manager: a resource's location is fixed; moving regions means recreating it" },
  { type: ANY, path: "resourceGroupName", source: "ARM resource ids embed the resource group; azure-native replaces on change" },
  { type: "azure-native:keyvault:Vault", path: "vaultName", source: "resource name (ARM id)" },
  { type: "azure-native:keyvault:Secret", path: "secretName", source: "resource name (ARM id)" },
  { type: "azure-native:operationalinsights:Workspace", path: "workspaceName", source: "resource name (ARM id)" },
  { type: "azure-native:operationalinsights:Table", path: "tableName", source: "resource name (ARM id)" },
  { type: "azure-native:operationalinsights:Table", path: "workspaceName", source: "parent name (ARM id)" },
  { type: "azure-native:operationalinsights:SavedSearch", path: "savedSearchId", source: "resource name (ARM id)" },
  { type: "azure-native:operationalinsights:QueryPack", path: "queryPackName", source: "resource name (ARM id)" },
  { type: "azure-native:monitor:DataCollectionEndpoint", path: "dataCollectionEndpointName", source: "resource name (ARM id)" },
  { type: "azure-native:monitor:DataCollectionRule", path: "dataCollectionRuleName", source: "resource name (ARM id)" },
  { type: "azure-native:monitor:DataCollectionRule", path: "kind", source: "DCR kind is set at creation (Azure Monitor DCR structure docs)" },
  { type: "azure-native:monitor:ScheduledQueryRule", path: "ruleName", source: "resource name (ARM id)" },
  { type: "azure-native:monitor:ScheduledQueryRule", path: "kind", source: "scheduledQueryRules kind is set at creation" },
  { type: "azure-native:monitor:ActionGroup", path: "actionGroupName", source: "resource name (ARM id)" },
  { type: "azure-native:monitor:PrivateLinkScope", path: "scopeName", source: "resource name (ARM id)" },
  { type: "azure-native:monitor:PrivateLinkScopedResource", path: "linkedResourceId", source: "a scoped resource link points at one resource for life" },
  { type: "azure-native:authorization:RoleAssignment", path: "principalId", source: "Azure RBAC: role assignments cannot be updated, only deleted and recreated" },
  { type: "azure-native:authorization:RoleAssignment", path: "roleDefinitionId", source: "Azure RBAC: role assignments cannot be updated, only deleted and recreated" },
  { type: "azure-native:authorization:RoleAssignment", path: "scope", source: "Azure RBAC: role assignments cannot be updated, only deleted and recreated" },
  { type: "azure-native:network:VirtualNetwork", path: "virtualNetworkName", source: "resource name (ARM id)" },
  { type: "azure-native:network:PrivateEndpoint", path: "privateEndpointName", source: "resource name (ARM id)" },
  { type: "azure-native:network:PrivateEndpoint", path: "subnet.id", source: "Azure Private Link: a private endpoint cannot move to another subnet" },
  { type: "azure-native:privatedns:PrivateZone", path: "privateZoneName", source: "resource name (ARM id)" },
  { type: "azure-native:web:WebApp", path: "name", source: "resource name and global host name (ARM id)" },
  { type: "azure-native:web:AppServicePlan", path: "name", source: "resource name (ARM id)" },
  { type: "azure-native:resources:ResourceGroup", path: "resourceGroupName", source: "resource name (ARM id)" },
];

/** Types whose replacement or deletion destroys data: credentials, audit records, everything in a group. */
export const DATA_HOLDING: Record<string, string> = {
  "azure-native:keyvault:Vault": "the vault and every MCP credential in it (soft delete keeps them 90 days, but the name stays reserved and role assignments are lost)",
  "azure-native:keyvault:Secret": "the credential's value and its versions",
  "azure-native:operationalinsights:Workspace": "every audit record in the workspace",
  "azure-native:operationalinsights:Table": "every MCP audit record in the table",
  "azure-native:resources:ResourceGroup": "everything in the resource group",
};

function replaceReason(type: string, path: string): string | undefined {
  return REPLACE_ON_CHANGE.find((r) => (r.type === ANY || r.type === type) && (path === r.path || path.startsWith(`${r.path}.`) || path.startsWith(`${r.path}[`)))?.source;
}

/** A flattened leaf: what is shown, and what is compared (a secret compares by its fingerprint, never its value). */
interface Leaf {
  shown: unknown;
  compare: string;
  /** A blinded secret's fingerprint, when its side has one (the offline plan's, from the ciphertext). */
  fingerprint?: string;
}

/**
 * Flattens inputs to `a.b[0].c` paths; secrets and unknowns stay leaves. Only a leaf is converted for
 * display: converting every level made the work grow with the nesting depth of each value.
 */
function flatten(v: unknown, prefix = "", out: Map<string, Leaf> = new Map()): Map<string, Leaf> {
  if (Array.isArray(v) && v.length > 0) v.forEach((x, i) => flatten(x, `${prefix}[${i}]`, out));
  else if (isRecord(v) && !isSecret(v) && Object.keys(v).length > 0) for (const k of Object.keys(v).sort()) flatten(v[k], prefix ? `${prefix}.${k}` : k, out);
  else {
    const shown = displayValue(v);
    out.set(prefix, { shown, compare: JSON.stringify(shown), ...(isSecret(v) && isRecord(v) && typeof v.fingerprint === "string" ? { fingerprint: v.fingerprint } : {}) });
  }
  return out;
}

/**
 * Whether two values are the same JSON, key order aside. Equal inputs flatten to equal leaves, so an
 * unchanged resource (nearly all of a large plan) is passed over without flattening either side.
 */
function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (Array.isArray(x)) return Array.isArray(y) && x.length === y.length && x.every((e, i) => sameValue(e, y[i]));
  if (!isRecord(x) || !isRecord(y)) return false;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && sameValue(x[k], y[k]));
}

/** What a rotated secret shows: that it changed, not what it was or became. */
export const CHANGED_SECRET = "[secret, changed]";

/**
 * Paths Pulumi itself reports as changed for each resource (`detailedDiff`, `diffReasons`): a secret
 * that changed is "[secret]" on both sides of `pulumi preview --json`, and only these say it changed.
 */
function reportedChanges(digest: PreviewDigest): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const step of digest.steps) {
    const paths = [...Object.keys(step.detailedDiff ?? {}), ...(step.diffReasons ?? [])];
    if (paths.length > 0) out.set(step.urn, new Set(paths));
  }
  return out;
}

/** The resources a digest ends with, by URN: created, kept or updated ones; deleted ones dropped. Provider resources are not infrastructure. */
export function finalResources(digest: PreviewDigest): Map<string, ResourceState> {
  const out = new Map<string, ResourceState>();
  for (const step of digest.steps) {
    if (step.op === "delete" || step.op === "delete-replaced" || step.op === "read") continue;
    const state = step.newState ?? step.oldState;
    if (!state || state.type.startsWith("pulumi:providers:")) continue;
    out.set(step.urn, state);
  }
  return out;
}

/**
 * The stack as it was before a `pulumi preview` ran: each step's old state (creates had none). Comparing
 * this with the preview itself renders a real preview as an mcp-guard diff.
 */
export function priorState(digest: PreviewDigest): PreviewDigest {
  const steps = digest.steps.filter((s) => s.oldState !== undefined).map((s) => ({ op: "same" as const, urn: s.urn, newState: s.oldState }));
  return { steps, changeSummary: { same: steps.length } };
}

function componentOf(state: ResourceState, all: Map<string, ResourceState>): string {
  let parent = state.parent;
  // A hand-edited plan can make parents a cycle; a real one is never deeper than its resource count.
  for (let hops = 0; parent && hops <= all.size; hops++) {
    const p = all.get(parent);
    if (!p) return "";
    if (!p.custom && p.type !== "pulumi:pulumi:Stack") return urnName(parent);
    parent = p.parent;
  }
  return "";
}

const LOCK_TYPE = "azure-native:authorization:ManagementLockByScope";

/** Where a resource sits in ARM: an extension resource's scope, a diagnostic setting's resource, or its own id. */
function armLocation(state: ResourceState): string | undefined {
  const where = [state.inputs.scope, state.inputs.resourceUri, state.id].find((v) => typeof v === "string");
  return typeof where === "string" ? where : undefined;
}

/**
 * A lock applies to its scope and everything below it, role assignments and other extension resources
 * included: deleting any of them fails with ScopeLocked while the lock holds (Learn: "Lock your Azure
 * resources to protect your infrastructure", lock inheritance).
 */
function lockHolding(state: ResourceState, locks: ReadonlyMap<string, { lock: LockHold; index: number }>): LockHold | undefined {
  if (state.type === LOCK_TYPE) return undefined;
  const where = armLocation(state)?.toLowerCase();
  if (where === undefined) return undefined;
  // The first lock (in plan order) on the location itself or on any ancestor of it: looked up per
  // ancestor, since scanning every lock per resource made a 60,000-step diff quadratic.
  let found: { lock: LockHold; index: number } | undefined = locks.get(where);
  for (let i = where.indexOf("/"); i >= 0; i = where.indexOf("/", i + 1)) {
    const hit = locks.get(where.slice(0, i));
    if (hit && (!found || hit.index < found.index)) found = hit;
  }
  return found?.lock;
}

/** Locks by lower-cased scope, each with its position in plan order (the first one wins). */
function locksByScope(locks: readonly LockHold[]): Map<string, { lock: LockHold; index: number }> {
  const out = new Map<string, { lock: LockHold; index: number }>();
  locks.forEach((lock, index) => {
    const scope = lock.scope.toLowerCase();
    if (!out.has(scope)) out.set(scope, { lock, index });
  });
  return out;
}

/**
 * azure-native deletes a Key Vault secret through the vault's data plane (`https://<vault>.vault.azure.net`,
 * pulumi-azure-native customresources/custom_keyvault.go: ARM has no delete for secrets), so the
 * delete is subject to the vault's firewall, unlike creates and updates, which go through ARM.
 */
function privateVaultOf(secret: ResourceState, vaults: ReadonlyMap<unknown, ResourceState>): string | undefined {
  if (secret.type !== "azure-native:keyvault:Secret") return undefined;
  const v = vaults.get(secret.inputs.vaultName);
  if (!v) return undefined;
  const props = v.inputs.properties;
  return isRecord(props) && props.publicNetworkAccess === "Disabled" && typeof v.inputs.vaultName === "string" ? v.inputs.vaultName : undefined;
}

/** The first vault (in plan order) of each vault name: built once, not searched per secret. */
function vaultsByName(all: Iterable<ResourceState>): Map<unknown, ResourceState> {
  const out = new Map<unknown, ResourceState>();
  for (const v of all) if (v.type === "azure-native:keyvault:Vault" && !out.has(v.inputs.vaultName)) out.set(v.inputs.vaultName, v);
  return out;
}

const PARAMETER_LET = new RegExp(`^let (${PARAMETER_NAMES.join("|")}) = dynamic\\((\\[.*\\])\\);$`, "gm");

function stringsIn(v: unknown, out: string[]): void {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsIn(x, out);
  else if (isRecord(v) && !isSecret(v)) for (const x of Object.values(v)) stringsIn(x, out);
}

/**
 * The parameter values a digest deploys, read back from the `let` lines the saved queries and alert
 * rules carry (src/kql/parameters.ts renders them): the diff sees the registry's effect in the digest
 * alone, whoever produced it. Values still unknown at preview (the gateway's identity) are not listed.
 */
export function deployedParameters(digest: PreviewDigest): Map<QueryParameter, Set<string>> {
  const out = new Map<QueryParameter, Set<string>>(PARAMETER_NAMES.map((n) => [n, new Set<string>()]));
  for (const r of finalResources(digest).values()) {
    if (!r.custom) continue;
    const texts: string[] = [];
    stringsIn(r.inputs, texts);
    for (const t of texts) {
      if (!t.includes("let ")) continue;
      for (const m of t.matchAll(PARAMETER_LET)) {
        let values: unknown;
        try {
          values = JSON.parse(m[2]);
        } catch {
          continue;
        }
        const name = m[1];
        const set = isQueryParameter(name) ? out.get(name) : undefined;
        if (set && Array.isArray(values)) for (const v of values) if (typeof v === "string") set.add(v);
      }
    }
  }
  return out;
}

function parameterChanges(base: PreviewDigest, head: PreviewDigest): ParameterChange[] {
  const [b, a] = [deployedParameters(base), deployedParameters(head)];
  return PARAMETER_NAMES.flatMap((name) => {
    const [was, now] = [b.get(name) ?? new Set<string>(), a.get(name) ?? new Set<string>()];
    const added = [...now].filter((v) => !was.has(v)).sort();
    const removed = [...was].filter((v) => !now.has(v)).sort();
    return added.length + removed.length > 0 ? [{ name, added, removed }] : [];
  });
}

const key = (v: Violation) => `${v.ruleId}\u0000${v.urn}\u0000${v.message}`;

/** Compares what base and head deploy: the whole diff, deterministic for the same inputs. */
export function diffDigests(base: PreviewDigest, head: PreviewDigest, suppressions: readonly Suppression[] = []): PlanDiff {
  const before = finalResources(base);
  const after = finalResources(head);
  const urns = [...new Set([...before.keys(), ...after.keys()])].sort();
  const locks = locksByScope(
    [...before.values()].flatMap((l) =>
      l.type === LOCK_TYPE && typeof l.inputs.scope === "string" && typeof l.inputs.lockName === "string" ? [{ lockName: l.inputs.lockName, level: String(l.inputs.level), scope: l.inputs.scope }] : [],
    ),
  );
  const vaults = vaultsByName(before.values());
  // Built once: rebuilding it per resource made a 60,000-step diff quadratic.
  const all = new Map([...before, ...after]);
  const reportedPaths = reportedChanges(head);
  const changes: ResourceChange[] = [];
  for (const urn of urns) {
    const b = before.get(urn);
    const a = after.get(urn);
    const state = a ?? b;
    if (!state || !state.custom) continue;
    const common = { urn, type: state.type, name: urnName(urn), component: componentOf(state, all) };
    if (!b) {
      changes.push({ ...common, kind: "create", properties: [...flatten(a?.inputs ?? {})].map(([path, value]) => ({ path, before: undefined, after: value.shown })) });
      continue;
    }
    const held = lockHolding(b, locks);
    const vault = privateVaultOf(b, vaults);
    const locked = { ...(held ? { lockedBy: held } : {}), ...(vault ? { privateVault: vault } : {}) };
    if (!a) {
      changes.push({ ...common, kind: "delete", properties: [], ...(DATA_HOLDING[state.type] ? { dataLoss: DATA_HOLDING[state.type] } : {}), ...locked });
      continue;
    }
    const reported = reportedPaths.get(urn);
    // Only a path Pulumi reports changed can differ between equal inputs (a rotated secret, blinded alike on both sides).
    if (reported === undefined && sameValue(b.inputs, a.inputs)) continue;
    const fb = flatten(b.inputs);
    const fa = flatten(a.inputs);
    const paths = [...new Set([...fb.keys(), ...fa.keys()])].sort();
    const properties = paths
      .filter((p) => {
        const [x, y] = [fb.get(p), fa.get(p)];
        if (x?.compare !== y?.compare) return true;
        if (y?.shown !== SECRET_DISPLAY) return false;
        return (x?.fingerprint !== undefined && y.fingerprint !== undefined && x.fingerprint !== y.fingerprint) || reported?.has(p) === true;
      })
      .map((path) => {
        const replaces = replaceReason(state.type, path);
        const [was, now] = [fb.get(path)?.shown, fa.get(path)?.shown];
        return { path, before: was, after: was === SECRET_DISPLAY && now === SECRET_DISPLAY ? CHANGED_SECRET : now, ...(replaces ? { replaces } : {}) };
      });
    if (properties.length === 0) continue;
    const kind: ChangeKind = properties.some((p) => p.replaces) ? "replace" : "update";
    changes.push({ ...common, kind, properties, ...(kind === "replace" && DATA_HOLDING[state.type] ? { dataLoss: DATA_HOLDING[state.type] } : {}), ...(kind === "replace" ? locked : {}) });
  }

  const vb = evaluate(base, ALL_RULES, STACK_RULES, suppressions);
  const va = evaluate(head, ALL_RULES, STACK_RULES, suppressions);
  const inBase = new Set(vb.map(key));
  const inHead = new Set(va.map(key));
  const summary: Record<ChangeKind, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const c of changes) summary[c.kind]++;
  return { changes, summary, introduced: va.filter((v) => !inBase.has(key(v))), fixed: vb.filter((v) => !inHead.has(key(v))), parameters: parameterChanges(base, head) };
}
