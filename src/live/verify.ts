import * as path from "node:path";
import { Command } from "commander";
import { diffDigests, PlanDiff } from "../plan/diff";
import { urnName } from "../plan/digest";
import { UsageError } from "../errors";
import { renderDiffMarkdown, renderDiffText } from "../plan/renderDiff";
import { ALL_RULES } from "../policy/rules";
import { blocking, evaluate } from "../policy/runner";
import { STACK_RULES } from "../policy/stackRules";
import { loadSuppressions } from "../policy/suppressions";
import { Violation } from "../policy/types";
import { LastChange, lastChange } from "./activityLog";
import { Arm, ROLE } from "./arm";
import { LiveContext } from "./context";
import { driftSides, readEstate } from "./estate";
import { AzureFlags, liveContext, LiveIo, runLive, withAzureOptions } from "./run";

export type VerifyFormat = "text" | "markdown" | "json";

export interface VerifyFlags {
  stack: string;
  cwd: string;
  format: VerifyFormat;
}

export interface DriftAuthor {
  urn: string;
  name: string;
  /** The last management-plane change, from the activity log. */
  lastChange?: LastChange;
  /** When the resource itself says it changed (a secret's `updated` attribute), for data-plane changes the activity log does not see. */
  updated?: string;
}

export interface VerifyReport {
  stack: string;
  /** Policy violations on the deployed resources, as the plan reports them. */
  violations: Violation[];
  /** Deployed vs planned: `before` is the plan, `after` what Azure has. */
  drift: PlanDiff;
  changedBy: DriftAuthor[];
}

/** Reads the deployed estate, runs the policy rules on it and compares it with the offline plan. */
export async function verifyStack(ctx: LiveContext, flags: Pick<VerifyFlags, "stack" | "cwd">): Promise<VerifyReport> {
  const plan = await ctx.plan(flags.stack);
  const arm = new Arm(ctx.connection, ROLE.read);
  const estate = await readEstate(arm, plan.digest);
  const { planned, live } = driftSides(plan.digest, estate);
  const suppressions = loadSuppressions(path.join(path.resolve(flags.cwd), "policy", "suppressions.yaml"));
  const violations = evaluate(live, ALL_RULES, STACK_RULES, suppressions);
  const drift = diffDigests(planned, live, suppressions);
  const changedBy: DriftAuthor[] = [];
  for (const c of drift.changes) {
    const r = estate.resources.find((x) => x.state.urn === c.urn);
    if (!r) {
      changedBy.push({ urn: c.urn, name: c.name });
      continue;
    }
    const last = r.armId ? await lastChange(arm, r.armId, ctx.now) : undefined;
    changedBy.push({ urn: c.urn, name: c.name, ...(last ? { lastChange: last } : {}), ...(r.updated ? { updated: r.updated } : {}) });
  }
  return { stack: flags.stack, violations, drift, changedBy };
}

const who = (a: DriftAuthor): string => {
  const parts = [
    a.lastChange ? `${a.lastChange.caller} at ${a.lastChange.at} (${a.lastChange.operation})` : "no management-plane change in the activity log (90 days)",
    ...(a.updated ? [`the resource reports its last update at ${a.updated}`] : []),
  ];
  return `${a.name}: ${parts.join("; ")}`;
};

const violationLine = (v: Violation) => `${v.exception ? "[excepted] " : ""}${v.ruleId} ${urnName(v.urn)} (${v.type}): ${v.message}${v.exception ? `\n      reason: ${v.exception}` : ""}`;

export function renderVerify(r: VerifyReport, format: VerifyFormat): string {
  if (format === "json") return `${JSON.stringify(r, null, 2)}\n`;
  const title = `mcp-guard verify: ${r.stack} (planned -> deployed)`;
  const mandatory = blocking(r.violations);
  if (format === "markdown") {
    const lines = [`## ${title}`, "", `**${mandatory.length} mandatory violation(s), ${r.drift.changes.length} drifted resource(s)**`, "", "### Policy on the deployed resources", ""];
    if (r.violations.length === 0) lines.push("No violations.");
    for (const v of r.violations) lines.push(`- ${v.exception ? "excepted" : v.enforcement}: ${violationLine(v).replace(/\n\s+reason:/, " — reason:")}`);
    lines.push("", "### Who changed what", "");
    if (r.changedBy.length === 0) lines.push("No drift.");
    for (const a of r.changedBy) lines.push(`- ${who(a)}`);
    return `${lines.join("\n")}\n\n${renderDiffMarkdown(r.drift, "Drift")}`;
  }
  const lines = [title, `${mandatory.length} mandatory violation(s), ${r.drift.changes.length} drifted resource(s)`, "", "Policy on the deployed resources:"];
  if (r.violations.length === 0) lines.push("  no violations");
  for (const v of r.violations) lines.push(`  ${violationLine(v)}`);
  lines.push("", "Who changed what:");
  if (r.changedBy.length === 0) lines.push("  no drift");
  for (const a of r.changedBy) lines.push(`  ${who(a)}`);
  return `${lines.join("\n")}\n\n${renderDiffText(r.drift, "Drift")}`;
}

/** `mcp-guard verify`: 0 clean, 1 drift or a mandatory violation. */
export async function verifyCommand(ctx: LiveContext, flags: VerifyFlags, out: (t: string) => void): Promise<number> {
  if (!["text", "markdown", "json"].includes(flags.format)) throw new UsageError(`--format ${JSON.stringify(flags.format)} is not allowed; allowed text, markdown, json`);
  const report = await verifyStack(ctx, flags);
  out(renderVerify(report, flags.format));
  return report.drift.changes.length > 0 || blocking(report.violations).length > 0 ? 1 : 0;
}

/** `verify` on the CLI. */
export function registerVerify(program: Command, io: LiveIo, setCode: (code: number) => void): void {
  withAzureOptions(
    program
      .command("verify")
      .description("Read the deployed stack from Azure (read-only: Reader role), run the policy rules on it, and report drift from the offline plan with who changed it")
      .requiredOption("-s, --stack <name>", "stack to verify (its offline plan is what should be deployed)")
      .option("-f, --format <format>", "text, markdown (CI job summaries) or json", "text"),
  )
    .addHelpText("after", "\nExit codes: 0 clean, 1 drift, a mandatory violation, or Azure could not be read (one line on stderr), 2 usage error.")
    .action(async (flags: VerifyFlags & AzureFlags) => setCode(await runLive(io, async () => verifyCommand(await liveContext(flags), flags, io.out))));
}
