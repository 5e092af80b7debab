import { Command } from "commander";
import { urnName } from "../plan/digest";
import { UsageError } from "../errors";
import { API_VERSION, Arm, field, ROLE } from "./arm";
import { LiveContext } from "./context";
import { plannedLive } from "./estate";
import { armResource, RECEIVER_KINDS } from "./mapping";
import { AzureFlags, liveContext, LiveIo, runLive, withAzureOptions } from "./run";

/*
 * Azure Monitor's test notification (Action Groups - Create Notifications At Action Group Resource Level,
 * actionGroups_API.json 2024-10-01-preview): POST .../actionGroups/{name}/createNotifications answers 202
 * with a Location to .../notificationStatus/{id}, which answers 200 with `actionDetails` once every
 * receiver was tried. It really sends, so it is its own command and never part of verify.
 */

/** The alert type the test payload imitates: mcp-guard's alerts are log search alerts (scheduledQueryRules v2). */
const ALERT_TYPE = "logalertv2";

export interface NotifyFlags {
  stack: string;
  group?: string[];
  dryRun?: boolean;
}

export interface Receiver {
  kind: (typeof RECEIVER_KINDS)[number];
  name: string;
  /** Where it goes, fit to print: an email address or phone number, a webhook's host only (its path and query may carry credentials). */
  target: string;
}

export interface ReceiverResult {
  receiver: string;
  mechanism: string;
  status: string;
  ok: boolean;
  detail?: string;
  sentAt?: string;
}

export interface GroupResult {
  group: string;
  receivers: Receiver[];
  results: ReceiverResult[];
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

function target(kind: string, r: unknown): string {
  const uri = str(field(r, "serviceUri")) || str(field(r, "httpTriggerUrl")) || str(field(r, "callbackUrl"));
  if (uri) {
    try {
      return `${new URL(uri).host} (path not shown)`;
    } catch {
      return "(unparseable URI)";
    }
  }
  const phone = str(field(r, "phoneNumber"));
  if (phone) return `+${str(field(r, "countryCode"))} ${phone}`;
  return str(field(r, "emailAddress")) || str(field(r, "roleId")) || str(field(r, "resourceId")) || str(field(r, "functionAppResourceId")) || str(field(r, "eventHubName")) || kind;
}

/** Success as the status poll reports it per receiver (`Status` of each actionDetail; the spec's example answers "Completed"). */
const SUCCESS = new Set(["completed", "succeeded", "success"]);

/** Tests every deployed action group of a stack (or the named ones) with the receivers Azure has for it. */
export async function notifyGroups(ctx: LiveContext, flags: NotifyFlags, progress: (line: string) => void = () => undefined): Promise<GroupResult[]> {
  const plan = await ctx.plan(flags.stack);
  const groups = plannedLive(plan.digest).filter((s) => s.type === "azure-native:monitor:ActionGroup");
  const wanted = flags.group ?? [];
  const known = groups.flatMap((g) => [str(g.inputs.actionGroupName), urnName(g.urn)]);
  const unknown = wanted.filter((w) => !known.includes(w));
  if (unknown.length > 0) throw new UsageError(`--group ${unknown.join(", ")}: not an action group of stack ${flags.stack}; allowed ${groups.map((g) => str(g.inputs.actionGroupName)).join(", ")}`);
  const chosen = wanted.length === 0 ? groups : groups.filter((g) => wanted.includes(str(g.inputs.actionGroupName)) || wanted.includes(urnName(g.urn)));

  const arm = new Arm(ctx.connection, ROLE.notify);
  const out: GroupResult[] = [];
  for (const g of chosen) {
    const name = str(g.inputs.actionGroupName);
    const path = arm.sub(`/resourceGroups/${str(g.inputs.resourceGroupName)}/providers/Microsoft.Insights/actionGroups/${name}`);
    const deployed = armResource(await arm.get(path, API_VERSION.actionGroups));
    const props = deployed?.properties ?? {};
    // The request names the receivers to test with their settings as deployed, minus Azure's `status`.
    const request: Record<string, unknown> = { alertType: ALERT_TYPE };
    const receivers: Receiver[] = [];
    for (const kind of RECEIVER_KINDS) {
      const list = props[kind];
      if (!Array.isArray(list) || list.length === 0) continue;
      request[kind] = list.map((r: unknown) => Object.fromEntries(Object.entries(typeof r === "object" && r !== null ? r : {}).filter(([k]) => k !== "status")));
      for (const r of list) receivers.push({ kind, name: str(field(r, "name")), target: target(kind, r) });
    }
    if (flags.dryRun || receivers.length === 0) {
      out.push({ group: name, receivers, results: [] });
      continue;
    }
    progress(`sending a test notification through ${name} (${receivers.length} receiver(s))...`);
    const status = await arm.postAndPoll(`${path}/createNotifications`, API_VERSION.actionGroups, request);
    const details = field(status, "actionDetails");
    const reported = (Array.isArray(details) ? details : []).map((d: unknown) => ({
      receiver: str(field(d, "Name")),
      mechanism: str(field(d, "MechanismType")),
      status: str(field(d, "Status")),
      detail: str(field(d, "Detail")) || undefined,
      sentAt: str(field(d, "SendTime")) || undefined,
    }));
    const results: ReceiverResult[] = receivers.map((r) => {
      const d = reported.find((x) => x.receiver === r.name);
      if (!d) return { receiver: r.name, mechanism: r.kind, status: "not reported", ok: false, detail: "Azure reported no result for this receiver" };
      return { ...d, ok: SUCCESS.has(d.status.toLowerCase()), ...(d.detail ? { detail: d.detail } : {}), ...(d.sentAt ? { sentAt: d.sentAt } : {}) };
    });
    out.push({ group: name, receivers, results });
  }
  return out;
}

export function renderNotify(results: GroupResult[], dryRun: boolean): string {
  const lines: string[] = [];
  for (const g of results) {
    lines.push(`${g.group}:`);
    if (g.receivers.length === 0) lines.push("  no receivers: nobody would be paged");
    if (dryRun) {
      for (const r of g.receivers) lines.push(`  would send to ${r.kind.replace(/Receivers$/, "")} ${r.name}: ${r.target}`);
      continue;
    }
    for (const r of g.results) lines.push(`  ${r.ok ? "ok  " : "FAIL"} ${r.mechanism} ${r.receiver}: ${r.status}${r.sentAt ? ` at ${r.sentAt}` : ""}${r.detail ? ` (${r.detail})` : ""}`);
  }
  if (dryRun) lines.push("", "dry run: nothing was sent");
  else {
    const all = results.flatMap((g) => g.results);
    const failed = all.filter((r) => !r.ok).length + results.filter((g) => g.receivers.length === 0).length;
    lines.push("", failed === 0 ? `every receiver (${all.length}) reported success` : `${failed} receiver(s) or group(s) did not report success`);
  }
  return `${lines.join("\n")}\n`;
}

/** `mcp-guard notify-test`: 0 when every receiver of every tested group reports success (or on --dry-run), else 1. */
export async function notifyCommand(ctx: LiveContext, flags: NotifyFlags, out: (t: string) => void, err: (t: string) => void): Promise<number> {
  const results = await notifyGroups(ctx, flags, (line) => err(`${line}\n`));
  out(renderNotify(results, Boolean(flags.dryRun)));
  if (flags.dryRun) return 0;
  return results.every((g) => g.receivers.length > 0 && g.results.every((r) => r.ok)) ? 0 : 1;
}

/** `notify-test` on the CLI. */
export function registerNotifyTest(program: Command, io: LiveIo, setCode: (code: number) => void): void {
  withAzureOptions(
    program
      .command("notify-test")
      .description("Send Azure Monitor's test notification through each deployed action group and print every receiver's result (really sends email and webhooks; Monitoring Contributor role)")
      .requiredOption("-s, --stack <name>", "stack whose action groups to test")
      .option("-g, --group <name...>", "only these action groups (Azure name or component name)")
      .option("--dry-run", "print what would be sent to whom, send nothing"),
  )
    .addHelpText("after", "\nExit codes: 0 every receiver reported success (or --dry-run), 1 a receiver failed or Azure refused (one line on stderr), 2 usage error.")
    .action(async (flags: NotifyFlags & AzureFlags) => setCode(await runLive(io, async () => notifyCommand(await liveContext(flags), flags, io.out, io.err))));
}
