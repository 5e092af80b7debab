import { Plan } from "../src/plan/offlinePlan";
import { ofType, planStack } from "./helpers";

/*
 * Pulumi's lifecycle options on what mcp-guard deploys: `deletedWith` on children Azure deletes with
 * their parent (so a destroy makes no call per child, and none through a private vault's data plane),
 * never on what must be deleted first (locks, diagnostic settings); `retainOnDelete` on the data in prod.
 */
const byUrn = (p: Plan) => new Map(p.digest.steps.flatMap((s) => (s.newState ? [[s.urn, s.newState] as const] : [])));

describe("deletedWith and retainOnDelete in the shipped stacks", () => {
  const plans: Record<string, Plan> = {};
  beforeAll(async () => {
    for (const stack of ["dev", "staging", "prod"]) plans[stack] = await planStack(stack);
  });

  it("deletes every catalog secret with its vault, and every saved query with its pack", () => {
    for (const plan of Object.values(plans)) {
      const vault = ofType(plan, "azure-native:keyvault:Vault")[0].urn;
      const pack = ofType(plan, "azure-native:operationalinsights:QueryPack")[0].urn;
      const secrets = ofType(plan, "azure-native:keyvault:Secret");
      const queries = ofType(plan, "azure-native:operationalinsights:Query");
      expect(secrets.length).toBeGreaterThan(0);
      expect(new Set(secrets.map((s) => s.deletedWith))).toEqual(new Set([vault]));
      expect(new Set(queries.map((q) => q.deletedWith))).toEqual(new Set([pack]));
    }
  });

  it("deletes a role assignment with its scope when the scope is in the stack, and only then", () => {
    for (const plan of Object.values(plans)) {
      const states = byUrn(plan);
      for (const grant of ofType(plan, "azure-native:authorization:RoleAssignment")) {
        if (grant.deletedWith === undefined) {
          // The alerts' reader is granted on the workspace id the caller passes; nothing here owns it.
          expect(grant.urn).toMatch(/::alerts-reader$/);
          continue;
        }
        const target = states.get(grant.deletedWith);
        // The scope is the target's ARM id, or (a per-secret grant) a path under it.
        const names = Object.entries(target?.inputs ?? {}).filter(([k, v]) => k !== "resourceGroupName" && k.endsWith("Name") && typeof v === "string").map(([, v]) => v);
        expect({ grant: grant.urn, under: names.some((n) => String(grant.inputs.scope).split("/").includes(String(n))) }).toEqual({ grant: grant.urn, under: true });
      }
    }
    for (const plan of Object.values(plans)) {
      const reads = ofType(plan, "azure-native:authorization:RoleAssignment").filter((g) => g.urn.includes("::secrets-read-gateway"));
      expect(reads.length).toBeGreaterThan(0);
      expect(new Set(reads.map((g) => g.deletedWith))).toEqual(new Set([ofType(plan, "azure-native:keyvault:Vault")[0].urn]));
    }
  });

  it("never skips deleting a lock or a diagnostic setting: a lock blocks its resource's delete, and Azure re-applies a dead resource's diagnostic settings to a new one of the same name", () => {
    for (const plan of Object.values(plans)) {
      for (const type of ["azure-native:authorization:ManagementLockByScope", "azure-native:monitor:DiagnosticSetting"]) {
        for (const r of ofType(plan, type)) expect({ urn: r.urn, deletedWith: r.deletedWith }).toEqual({ urn: r.urn, deletedWith: undefined });
      }
    }
    expect(ofType(plans.prod, "azure-native:authorization:ManagementLockByScope").length).toBeGreaterThan(0);
  });

  it("retains the vault, the workspace and the audit table on delete in prod only", () => {
    const retained = (p: Plan) => p.digest.steps.flatMap((s) => (s.newState?.retainOnDelete ? [s.newState.type] : [])).sort();
    expect(retained(plans.prod)).toEqual(["azure-native:keyvault:Vault", "azure-native:operationalinsights:Table", "azure-native:operationalinsights:Workspace"]);
    expect(retained(plans.staging)).toEqual([]);
    expect(retained(plans.dev)).toEqual([]);
  });
});
