import { LiveContext } from "../../src/live/context";
import { plannedLive } from "../../src/live/estate";
import { Violation } from "../../src/policy/types";
import { renderVerify, verifyCommand, verifyStack } from "../../src/live/verify";
import { Plan } from "../../src/plan/offlinePlan";
import { planStack, ROOT } from "../helpers";
import { FakeArm, fakeArm, TOKEN } from "./fakeArm";

const NOW = new Date("2026-12-01T08:00:00Z");
const ctx = (arm: FakeArm, plan: Plan): LiveContext => ({ connection: arm.connection, plan: async () => plan, now: NOW });

describe.each(["dev", "staging", "prod"])("verify %s against the estate its plan deploys", (stack) => {
  let plan: Plan;
  let arm: FakeArm;
  beforeAll(async () => {
    plan = await planStack(stack);
  });
  beforeEach(async () => {
    arm = await fakeArm(plan.digest);
  });
  afterEach(() => arm.close());

  it("a clean estate: no drift, the plan's own violations, exit 0", async () => {
    const report = await verifyStack(ctx(arm, plan), { stack, cwd: ROOT });
    expect(report.drift.changes).toEqual([]);
    // The same rules give the same answer on the deployed resources as on the plan.
    const read = new Set(plannedLive(plan.digest).map((s) => s.urn));
    const line = (v: Violation) => `${v.ruleId} ${v.urn} ${v.message} ${v.exception ?? ""}`;
    expect(report.violations.map(line)).toEqual(plan.violations.filter((v) => read.has(v.urn)).map(line));
    const out: string[] = [];
    expect(await verifyCommand(ctx(arm, plan), { stack, cwd: ROOT, format: "text" }, (t) => out.push(t))).toBe(0);
    expect(out.join("")).toContain("No changes.");
    expect(arm.received.every((r) => r.method === "GET")).toBe(true);
    expect(arm.received.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });
});

describe("verify reports portal edits as drift and as the matching violation", () => {
  let plan: Plan;
  let arm: FakeArm;
  beforeAll(async () => {
    plan = await planStack("dev");
  });
  beforeEach(async () => {
    arm = await fakeArm(plan.digest);
  });
  afterEach(() => arm.close());

  it("prints it", async () => {
    const vault = arm.body("/vaults/kv-cursor-secrets-dd9b7");
    (vault.properties as Record<string, unknown>).enableRbacAuthorization = false;
    const report = await verifyStack(ctx(arm, plan), { stack: "dev", cwd: ROOT });
    process.stdout.write(renderVerify(report, "text"));
  });
});
