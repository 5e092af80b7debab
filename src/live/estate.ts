import type { Secret } from "@azure/arm-keyvault";
import { BLINDED_SECRET, isRecord, isSecret, PreviewDigest, ResourceState, urnName } from "../plan/digest";
import { API_VERSION, Arm, NotFound } from "./arm";
import * as map from "./mapping";

/** The azure-native types verify reads back from Azure. */
export const LIVE_TYPES = [
  "azure-native:keyvault:Vault",
  "azure-native:keyvault:Secret",
  "azure-native:monitor:ActionGroup",
  "azure-native:monitor:ScheduledQueryRule",
  "azure-native:monitor:DataCollectionEndpoint",
  "azure-native:monitor:DataCollectionRule",
  "azure-native:monitor:PrivateLinkScope",
  "azure-native:monitor:PrivateLinkScopedResource",
  "azure-native:monitor:DiagnosticSetting",
] as const;

const LIVE_TYPE_SET = new Set<string>(LIVE_TYPES);

export interface LiveResource {
  state: ResourceState;
  /** The ARM id, for the activity log. */
  armId: string;
  /** When Azure last changed it, when the resource says so itself (a secret's `updated` attribute). */
  updated?: string;
}

export interface Estate {
  resources: LiveResource[];
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** The plan's ARM ids carry the offline subscription; the live ones are the same path in the real one. */
function liveScope(arm: Arm, planId: string): string {
  return planId.replace(/^\/subscriptions\/[^/]+/i, `/subscriptions/${arm.subscriptionId}`);
}

const insights = (arm: Arm, rg: string, rest: string) => arm.sub(`/resourceGroups/${rg}/providers/Microsoft.Insights/${rest}`);

/** The custom resources of the plan that verify reads back. */
export function plannedLive(plan: PreviewDigest): ResourceState[] {
  return plan.steps.flatMap((s) => (s.newState && s.newState.custom && LIVE_TYPE_SET.has(s.newState.type) ? [s.newState] : []));
}

/**
 * Reads from Azure every resource the plan declares of the LIVE_TYPES, plus the secrets a vault holds
 * that the catalog does not name, each mapped onto its azure-native inputs under the plan's URN.
 */
export async function readEstate(arm: Arm, plan: PreviewDigest): Promise<Estate> {
  const planned = plannedLive(plan);
  const out: LiveResource[] = [];
  const at = (s: ResourceState, inputs: map.Inputs, armId: string, updated?: string): LiveResource => ({
    state: { urn: s.urn, custom: true, type: s.type, parent: s.parent, inputs },
    armId,
    ...(updated ? { updated } : {}),
  });
  const sqrByGroup = new Map<string, Promise<map.ArmResource[]>>();

  for (const s of planned) {
    const i = s.inputs;
    const rg = text(i.resourceGroupName);
    switch (s.type) {
      case "azure-native:keyvault:Vault": {
        const vaultName = text(i.vaultName);
        const vault = await arm.sdk(`vault ${vaultName}`, () => arm.keyVault.vaults.get(rg, vaultName)).catch(notFound);
        if (!vault) break;
        out.push(at(s, map.vaultInputs(vault, rg), vault.id ?? ""));
        // Every secret the vault holds, so ones added by hand (not in the catalog) show up as drift.
        const secrets: Secret[] = [];
        await arm.sdk(`secrets of ${vaultName}`, async () => {
          for await (const secret of arm.keyVault.secrets.list(rg, vaultName)) secrets.push(secret);
        });
        const plannedSecrets = planned.filter((p) => p.type === "azure-native:keyvault:Secret" && text(p.inputs.vaultName) === vaultName);
        for (const secret of secrets) {
          const match = plannedSecrets.find((p) => text(p.inputs.secretName).toLowerCase() === (secret.name ?? "").toLowerCase());
          // A secret the catalog does not name gets the URN the component would give it.
          const urn = s.urn.replace(/azure-native:keyvault:Vault::.*$/, `azure-native:keyvault:Secret::${urnName(s.urn).replace(/-vault$/, "")}-secret-${secret.name}`);
          const state = match ?? { ...s, urn, type: "azure-native:keyvault:Secret" };
          const updated = secret.properties.attributes?.updated?.toISOString();
          out.push(at(state, map.secretInputs(secret, rg, vaultName), secret.id ?? "", updated));
        }
        break;
      }
      case "azure-native:keyvault:Secret":
        break;
      case "azure-native:monitor:ActionGroup": {
        const r = await findResource(arm, insights(arm, rg, `actionGroups/${text(i.actionGroupName)}`), API_VERSION.actionGroups);
        if (r) out.push(at(s, map.actionGroupInputs(r, rg), r.id ?? ""));
        break;
      }
      case "azure-native:monitor:ScheduledQueryRule": {
        if (!sqrByGroup.has(rg)) sqrByGroup.set(rg, arm.list(insights(arm, rg, "scheduledQueryRules"), API_VERSION.scheduledQueryRules).then((xs) => xs.flatMap((x) => map.armResource(x) ?? [])));
        const all = await (sqrByGroup.get(rg) ?? Promise.resolve([]));
        const r = all.find((x) => (x.name ?? "").toLowerCase() === text(i.ruleName).toLowerCase());
        if (r) out.push(at(s, map.scheduledQueryRuleInputs(r, rg), r.id ?? ""));
        break;
      }
      case "azure-native:monitor:DataCollectionEndpoint": {
        const r = await findResource(arm, insights(arm, rg, `dataCollectionEndpoints/${text(i.dataCollectionEndpointName)}`), API_VERSION.dataCollection);
        if (r) out.push(at(s, map.dataCollectionEndpointInputs(r, rg), r.id ?? ""));
        break;
      }
      case "azure-native:monitor:DataCollectionRule": {
        const r = await findResource(arm, insights(arm, rg, `dataCollectionRules/${text(i.dataCollectionRuleName)}`), API_VERSION.dataCollection);
        if (r) out.push(at(s, map.dataCollectionRuleInputs(r, rg), r.id ?? ""));
        break;
      }
      case "azure-native:monitor:PrivateLinkScope": {
        const r = await findResource(arm, insights(arm, rg, `privateLinkScopes/${text(i.scopeName)}`), API_VERSION.privateLinkScopes);
        if (r) out.push(at(s, map.privateLinkScopeInputs(r, rg), r.id ?? ""));
        break;
      }
      case "azure-native:monitor:PrivateLinkScopedResource": {
        const r = await findResource(arm, insights(arm, rg, `privateLinkScopes/${text(i.scopeName)}/scopedResources/${text(i.name)}`), API_VERSION.privateLinkScopes);
        if (r) out.push(at(s, map.privateLinkScopedResourceInputs(r, rg, text(i.scopeName)), r.id ?? ""));
        break;
      }
      case "azure-native:monitor:DiagnosticSetting": {
        const scope = liveScope(arm, text(i.resourceUri));
        const r = await findResource(arm, `${scope}/providers/Microsoft.Insights/diagnosticSettings/${text(i.name)}`, API_VERSION.diagnosticSettings);
        if (r) out.push(at(s, map.diagnosticSettingInputs(r, scope), r.id ?? ""));
        break;
      }
    }
  }
  return { resources: out };
}

async function findResource(arm: Arm, path: string, apiVersion: string): Promise<map.ArmResource | undefined> {
  return map.armResource(await arm.find(path, apiVersion));
}

function notFound(err: unknown): undefined {
  if (err instanceof NotFound) return undefined;
  throw err;
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * GUIDs the offline plan made up: the mocks' subscription and tenant, and the ids Azure assigns at
 * creation (principal ids, immutable ids), i.e. every GUID in the plan that the stack config does not name.
 */
export function placeholderGuids(plan: PreviewDigest): Set<string> {
  const named = new Set((JSON.stringify(plan.config ?? {}).match(GUID) ?? []).map((g) => g.toLowerCase()));
  return new Set((JSON.stringify(plan.steps).match(GUID) ?? []).map((g) => g.toLowerCase()).filter((g) => !named.has(g)));
}

/** ARM writes a region as it pleases ("Global" for action groups, "West Europe" in places); the name is the same without case and spaces. */
const regionKey = (v: unknown) => (typeof v === "string" ? v.toLowerCase().replace(/\s+/g, "") : undefined);
const sameLocation = (a: unknown, b: unknown) => regionKey(a) !== undefined && regionKey(a) === regionKey(b);

/**
 * The live value, written as the plan writes it where they mean the same: ARM ids compared without case
 * (ARM answers `resourcegroups`, `microsoft.insights`), a GUID the plan could only make up matching any
 * GUID, and a value the plan holds as a secret blinded the same way, so it is never printed.
 */
export function align(planned: unknown, live: unknown, placeholders: Set<string>): unknown {
  if (isSecret(planned)) return live === undefined ? undefined : { ...BLINDED_SECRET };
  if (typeof planned === "string" && typeof live === "string") {
    if (planned === live) return live;
    const armId = planned.startsWith("/subscriptions/");
    const pattern = planned
      .split(GUID)
      .map(escape)
      .reduce((acc, part, idx, parts) => {
        const guid = (planned.match(GUID) ?? [])[idx];
        return acc + part + (idx < parts.length - 1 && guid ? (placeholders.has(guid.toLowerCase()) ? "[0-9a-fA-F-]{36}" : escape(guid)) : "");
      }, "");
    return new RegExp(`^${pattern}$`, armId ? "i" : "").test(live) ? planned : live;
  }
  if (Array.isArray(planned) && Array.isArray(live)) return live.map((x, idx) => align(planned[idx], x, placeholders));
  if (isRecord(planned) && isRecord(live)) return Object.fromEntries(Object.entries(live).map(([k, x]) => [k, k === "location" && sameLocation(planned[k], x) ? planned[k] : align(planned[k], x, placeholders)]));
  return live;
}

/**
 * What a live resource points at: every other read resource whose ARM id one of its inputs names. ARM
 * relates resources by id where Pulumi records dependencies; the stack rules read the latter.
 */
function dependencies(r: LiveResource, estate: Estate): string[] {
  const values = JSON.stringify(r.state.inputs).toLowerCase();
  return estate.resources.filter((o) => o !== r && o.armId && values.includes(`"${o.armId.toLowerCase()}"`)).map((o) => o.state.urn).sort();
}

/** The plan reduced to what verify reads, and the estate as a digest under the plan's URNs: the two sides of the drift diff. */
export function driftSides(plan: PreviewDigest, estate: Estate): { planned: PreviewDigest; live: PreviewDigest } {
  const placeholders = placeholderGuids(plan);
  const plannedStates = plannedLive(plan);
  const byUrn = new Map(plannedStates.map((s) => [s.urn, s]));
  const components = plan.steps.filter((s) => s.newState && !s.newState.custom);
  const planned: PreviewDigest = {
    config: plan.config,
    steps: [...components, ...plannedStates.map((s) => ({ op: "same" as const, urn: s.urn, newState: { ...s, inputs: map.pruned(s.inputs) } }))],
    changeSummary: {},
  };
  const live: PreviewDigest = {
    config: plan.config,
    steps: [
      ...components,
      ...estate.resources.map((r) => {
        const p = byUrn.get(r.state.urn);
        const aligned = p ? align(map.pruned(p.inputs), r.state.inputs, placeholders) : r.state.inputs;
        const inputs = isRecord(aligned) ? aligned : r.state.inputs;
        return { op: "same" as const, urn: r.state.urn, newState: { ...r.state, inputs, dependencies: dependencies(r, estate) } };
      }),
    ],
    changeSummary: {},
  };
  return { planned, live };
}
