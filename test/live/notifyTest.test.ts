import { LiveContext } from "../../src/live/context";
import { notifyCommand } from "../../src/live/notifyTest";
import { runLive } from "../../src/live/run";
import { Plan } from "../../src/plan/offlinePlan";
import { planStack } from "../helpers";
import { FakeArm, fakeArm, TOKEN } from "./fakeArm";

const NOW = new Date("2026-12-01T08:00:00Z");

describe("notify-test", () => {
  let plan: Plan;
  let arm: FakeArm;
  beforeAll(async () => {
    plan = await planStack("prod");
  });
  beforeEach(async () => {
    arm = await fakeArm(plan.digest);
  });
  afterEach(() => arm.close());

  const ctx = (): LiveContext => ({ connection: { ...arm.connection, clientOptions: { ...arm.connection.clientOptions } }, plan: async () => plan, now: NOW });
  const run = async (flags: { group?: string[]; dryRun?: boolean } = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const code = await runLive(io, () => notifyCommand(ctx(), { stack: "prod", ...flags }, io.out, io.err));
    return { code, out: out.join(""), err: err.join("") };
  };
  const posts = () => arm.received.filter((r) => r.method === "POST");

  it("--dry-run lists each group's deployed receivers and sends nothing", async () => {
    const r = await run({ dryRun: true });
    expect(r.code).toBe(0);
    expect(posts()).toEqual([]);
    expect(r.out).toContain("ag-cursor-security-team-prod:\n  would send to email email-0: security-team@contoso.com\n  would send to email email-1: soc-oncall@contoso.com");
    expect(r.out).toContain("dry run: nothing was sent");
  });

  it("sends through every group with the receivers Azure has, polls the 202's Location, and reports each receiver: exit 0", async () => {
    const r = await run();
    expect(r.code).toBe(0);
    expect(posts().map((p) => [p.path.split("/actionGroups/")[1], p.apiVersion])).toEqual([
      ["ag-cursor-oncall-prod/createNotifications", "2024-10-01-preview"],
      ["ag-cursor-security-team-prod/createNotifications", "2024-10-01-preview"],
    ].sort((a, b) => r.out.indexOf(a[0].split("/")[0]) - r.out.indexOf(b[0].split("/")[0])));
    // The request carries the receivers as deployed, without Azure's receiver status.
    expect(posts().find((p) => p.path.includes("security-team"))?.body).toEqual({
      alertType: "logalertv2",
      emailReceivers: [
        { name: "email-0", emailAddress: "security-team@contoso.com", useCommonAlertSchema: true },
        { name: "email-1", emailAddress: "soc-oncall@contoso.com", useCommonAlertSchema: true },
      ],
    });
    expect(arm.received.filter((p) => p.path.includes("/notificationStatus/")).length).toBeGreaterThanOrEqual(4);
    expect(r.out).toContain("ok   Email email-1: Completed at 2026-12-01T09:00:12.0000000+00:00");
    expect(r.out).toContain("every receiver (3) reported success");
    expect(arm.received.every((p) => p.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("--group tests one group; a receiver that fails makes the exit 1, with Azure's detail", async () => {
    arm.notifications.set("ag-cursor-security-team-prod", { statuses: { "email-1": { status: "Failed", detail: "The email address is not confirmed" } } });
    const r = await run({ group: ["ag-cursor-security-team-prod"] });
    expect(r.code).toBe(1);
    expect(posts()).toHaveLength(1);
    expect(r.out).toContain("ok   Email email-0: Completed");
    expect(r.out).toContain("FAIL Email email-1: Failed at 2026-12-01T09:00:12.0000000+00:00 (The email address is not confirmed)");
    expect(r.out).toContain("1 receiver(s) or group(s) did not report success");
  });

  it("an unknown --group is a usage error naming the groups there are", async () => {
    await expect(run({ group: ["pager"] })).rejects.toThrow("--group pager: not an action group of stack prod; allowed ag-cursor-oncall-prod, ag-cursor-security-team-prod");
  });

  it("throttling: a 429 with Retry-After is waited out and retried", async () => {
    arm.throttle(/createNotifications$/i, 1);
    const r = await run({ group: ["ag-cursor-oncall-prod"] });
    expect(r.code).toBe(0);
    const [first, second] = posts();
    expect(second.at - first.at).toBeGreaterThanOrEqual(900);
    expect(r.out).toContain("every receiver (1) reported success");
  });

  it("a missing permission: one line naming the role, no stack trace, no token", async () => {
    arm.deny(/createNotifications$/i, "Microsoft.Insights/ActionGroups/createNotifications/action");
    const r = await run({ group: ["ag-cursor-oncall-prod"] });
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split("\n")).toEqual(["sending a test notification through ag-cursor-oncall-prod (1 receiver(s))...", expect.stringMatching(/^error: Azure denied POST .*\/actionGroups\/ag-cursor-oncall-prod\/createNotifications \(403 AuthorizationFailed\): the signed-in identity needs the Monitoring Contributor role/)]);
    expect(r.err).not.toContain(TOKEN);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe.each(["dev", "staging", "prod"])("notify-test on every shipped stack: %s", (stack) => {
  it("sends through each deployed group and every receiver reports success", async () => {
    const plan = await planStack(stack);
    const arm = await fakeArm(plan.digest);
    try {
      const out: string[] = [];
      const code = await notifyCommand({ connection: arm.connection, plan: async () => plan, now: NOW }, { stack }, (t) => out.push(t), () => undefined);
      const groups = plan.digest.steps.filter((s) => s.newState?.type === "azure-native:monitor:ActionGroup").length;
      expect([code, arm.received.filter((r) => r.method === "POST").length]).toEqual([0, groups]);
      expect(out.join("")).toMatch(/every receiver \(\d+\) reported success/);
    } finally {
      await arm.close();
    }
  });
});
