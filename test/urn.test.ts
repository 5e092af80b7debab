import * as fs from "node:fs";
import * as path from "node:path";
import { diffDigests } from "../src/plan/diff";
import { PreviewDigest, ResourceState } from "../src/plan/digest";
import { readDigest } from "../src/plan/planSource";
import { engineUrn, parseUrn, ROOT_STACK_TYPE, withEngineUrns } from "../src/plan/urn";
import { clone, planStack, ROOT } from "./helpers";
import { Plan } from "../src/plan/offlinePlan";

interface Recorded {
  urn: string;
  type: string;
  parent?: string;
  op: string;
}

/** URNs the engine wrote in a real `pulumi preview`: see the fixture's `source` for where it comes from. */
const recorded: { resources: Recorded[] } = JSON.parse(fs.readFileSync(path.join(ROOT, "test/fixtures/previews/aws-ts-eks-preview-urns.json"), "utf8"));

const asDigest = (resources: Recorded[]): PreviewDigest => ({
  steps: resources.map((r) => ({ op: "same", urn: r.urn, newState: { urn: r.urn, type: r.type, custom: true, inputs: {}, ...(r.parent ? { parent: r.parent } : {}) } })),
  changeSummary: { same: resources.length },
});

/** The URN scheme of the SDK's MockMonitor, which the offline plan used before: immediate parent type only. */
function mockMonitorUrn(parent: string | undefined, type: string, stack: string, name: string): string {
  const qualified = parent ? `${parseUrn(parent)?.qualifiedType.split("$").pop()}$${type}` : type;
  return `urn:pulumi:${stack}::mcp-guard::${qualified}::${name}`;
}

describe("engine URNs", () => {
  it("reproduces every URN of a real pulumi preview from its parent, type and name", () => {
    expect(recorded.resources.length).toBeGreaterThan(50);
    // Three levels deep under the stack: the chain is what the mock monitor's scheme got wrong.
    expect(recorded.resources.some((r) => (parseUrn(r.urn)?.qualifiedType.split("$").length ?? 0) >= 3)).toBe(true);
    for (const r of recorded.resources) {
      const parts = parseUrn(r.urn);
      expect(parts).toBeDefined();
      expect(engineUrn(parts?.stack ?? "", parts?.project ?? "", r.parent, r.type, parts?.name ?? "")).toBe(r.urn);
    }
  });

  it("leaves a real preview's URNs as they are when reading it", () => {
    const digest = asDigest(recorded.resources);
    expect(withEngineUrns(digest)).toEqual(digest);
  });

  it("reads the hand-written preview fixture unchanged: it is in the engine's form", () => {
    const file = path.join(ROOT, "test/fixtures/previews/pulumi-preview.json");
    const raw: PreviewDigest = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(readDigest(file).steps.map((s) => s.urn)).toEqual(raw.steps.map((s) => s.urn));
  });

  describe("in the offline plan", () => {
    let dev: Plan;
    beforeAll(async () => {
      dev = await planStack("dev");
    });

    it("names every resource as the engine would, with the full parent chain and no root stack type", () => {
      const states = dev.digest.steps.map((s) => s.newState).filter((s): s is ResourceState => s !== undefined);
      const parts = (urn: string) => parseUrn(urn) ?? { stack: "", project: "", qualifiedType: "", name: "" };
      for (const s of states) {
        expect(s.urn).toBe(engineUrn("dev", "mcp-guard", s.parent, s.type, parts(s.urn).name));
        if (s.type !== ROOT_STACK_TYPE) expect(parts(s.urn).qualifiedType).not.toContain(ROOT_STACK_TYPE);
      }
      expect(states.map((s) => s.urn)).toContain(
        "urn:pulumi:dev::mcp-guard::mcp-guard:index:McpGovernanceBaseline$mcp-guard:index:McpGatewayHost$azure-native:monitor:DiagnosticSetting::gateway-diagnostics",
      );
    });

    it("points parents and dependencies at URNs of the same plan", () => {
      const urns = new Set(dev.digest.steps.map((s) => s.urn));
      for (const s of dev.digest.steps) {
        if (s.newState?.parent) expect(urns).toContain(s.newState.parent);
        for (const d of s.newState?.dependencies ?? []) expect(urns).toContain(d);
      }
    });

    it("diffs a plan written with the mock monitor's URNs against today's as no change", () => {
      const legacy = clone(dev.digest);
      const byOld = new Map<string, string>();
      const old = (urn: string): string => {
        const known = byOld.get(urn);
        if (known) return known;
        const s = dev.digest.steps.find((x) => x.urn === urn)?.newState;
        const next = s ? mockMonitorUrn(s.parent ? old(s.parent) : undefined, s.type, "dev", parseUrn(urn)?.name ?? "") : urn;
        byOld.set(urn, next);
        return next;
      };
      for (const step of legacy.steps) {
        const s = step.newState;
        if (!s) continue;
        step.urn = old(step.urn);
        s.urn = step.urn;
        if (s.parent) s.parent = old(s.parent);
        s.dependencies = (s.dependencies ?? []).map(old);
      }
      const renamed = legacy.steps.filter((s, i) => s.urn !== dev.digest.steps[i].urn).length;
      expect(renamed).toBeGreaterThan(60);
      expect(withEngineUrns(legacy)).toEqual(dev.digest);
      expect(diffDigests(withEngineUrns(legacy), dev.digest).changes).toEqual([]);
      expect(diffDigests(legacy, dev.digest).changes.length).toBeGreaterThan(60);
    });
  });
});
