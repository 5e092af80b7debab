/**
 * A `pulumi import --file` document that adopts existing Azure resources (a vault, a workspace) into a
 * stack at exactly the place the program declares them: the resource's type and logical name, and its
 * component parents, taken from the offline plan. Pulumi creates the component parents of an import
 * in the same file (`component: true`, Pulumi 3.94, pulumi/pulumi#14467), so the next `pulumi up` finds
 * the adopted resource where the program registers it and updates it instead of creating a second one.
 * Format: Pulumi's CLI reference for `pulumi import` (the `resources` list and its fields).
 */
import { PreviewDigest, ResourceState } from "./digest";
import { armId, OFFLINE_SUBSCRIPTION_ID } from "./mocks";
import { UsageError } from "../errors";
import { parseUrn, ROOT_STACK_TYPE } from "./urn";

export interface ImportEntry {
  type: string;
  name: string;
  id?: string;
  parent?: string;
  component?: boolean;
  protect?: boolean;
}

export interface ImportFile {
  resources: ImportEntry[];
}

const nameOf = (urn: string): string => parseUrn(urn)?.name ?? urn;
/** ARM ids compare from the resource group down, case-insensitively: the subscription is the caller's. */
const local = (id: string): string => id.replace(/^\/subscriptions\/[^/]+/i, "").toLowerCase();

/**
 * The import document for `ids` (logical name, as in the plan's URNs, to the existing resource's ARM id).
 * Throws one error listing every problem: a name the plan does not have, or an id that is not the
 * resource the stack config names (the first `pulumi up` would then replace it).
 */
export function importFile(digest: PreviewDigest, ids: Record<string, string>): ImportFile {
  const states = digest.steps.flatMap((s) => (s.newState ? [s.newState] : []));
  const byUrn = new Map(states.map((s) => [s.urn, s]));
  const custom = new Map(states.filter((s) => s.custom).map((s) => [nameOf(s.urn), s]));
  const problems: string[] = [];
  const entries = new Map<string, ImportEntry>();

  const addParents = (state: ResourceState): string | undefined => {
    const parent = state.parent ? byUrn.get(state.parent) : undefined;
    if (!parent || parent.type === ROOT_STACK_TYPE) return undefined;
    const name = nameOf(parent.urn);
    if (!entries.has(parent.urn)) {
      // Grandparents first, so the file lists every parent before its children.
      const grandparent = addParents(parent);
      entries.set(parent.urn, { type: parent.type, name, component: true, ...(grandparent ? { parent: grandparent } : {}) });
    }
    return name;
  };

  for (const [name, id] of Object.entries(ids)) {
    const state = custom.get(name);
    if (!state) {
      problems.push(`--id ${name}: the plan has no resource named ${name}; allowed e.g. ${[...custom.keys()].filter((n) => /vault$|workspace$/.test(n)).join(", ")}`);
      continue;
    }
    const expected = armId(state.type, name, state.inputs);
    if (local(id) !== local(expected)) {
      problems.push(`--id ${name}: ${JSON.stringify(id)} is not the resource the stack config names (${expected.replace(OFFLINE_SUBSCRIPTION_ID, "<subscription>")}); set the name in the stack config (keyVaultName, logAnalyticsWorkspaceName, resourceGroupName) or pass that resource's id`);
      continue;
    }
    const parent = addParents(state);
    entries.set(state.urn, { type: state.type, name, id, ...(parent ? { parent } : {}), protect: state.protect ?? false });
  }
  if (problems.length > 0) throw new UsageError(problems.join("; "));
  const names = [...entries.values()].map((e) => e.name);
  const clash = names.find((n, i) => names.indexOf(n) !== i);
  if (clash) throw new UsageError(`--id: two resources in the import are both named ${clash}; import them one at a time`);
  return { resources: [...entries.values()] };
}
