import { Secret } from "@azure/arm-keyvault";
import { Command } from "commander";
import { UsageError } from "../errors";
import { Arm, ROLE } from "./arm";
import { LiveContext } from "./context";
import { plannedLive } from "./estate";
import { AzureFlags, liveContext, LiveIo, runLive, withAzureOptions } from "./run";

/**
 * Key Vault publishes Microsoft.KeyVault.SecretNearExpiry 30 days before a secret's expiry (Learn: "Azure
 * Key Vault as Event Grid source", event types), which the vault's Event Grid subscription pages on; the
 * report's default window is the same, so it lists what the pager is about to say.
 */
export const DEFAULT_NOTICE_DAYS = 30;

/**
 * "beyond rotation period": the expiry is further away than the catalog's rotation period allows, as
 * when set by hand; the stack config refuses that (src/config.ts), so the deployed value was not planned.
 */
export type ExpiryState = "expired" | "inside notice window" | "no expiry" | "beyond rotation period" | "ok" | "not in vault";

export interface ExpiryRow {
  vault: string;
  secret: string;
  /** YYYY-MM-DD (UTC) of the deployed secret's `exp`, when it has one. */
  expires?: string;
  daysLeft?: number;
  /** From the catalog (stack config `secrets`), or the secret's own tag for one the catalog does not name. */
  rotationDays?: number;
  owner?: string;
  inCatalog: boolean;
  state: ExpiryState;
}

export interface ExpiryFlags {
  stack: string;
  format: "markdown" | "json";
  noticeDays: number;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");
const DAY_MS = 86_400_000;

function stateOf(daysLeft: number | undefined, noticeDays: number, rotationDays: number | undefined): ExpiryState {
  if (daysLeft === undefined) return "no expiry";
  if (daysLeft < 0) return "expired";
  if (daysLeft <= noticeDays) return "inside notice window";
  return rotationDays !== undefined && daysLeft > rotationDays ? "beyond rotation period" : "ok";
}

/** Every secret of every vault of the stack, deployed or only in the catalog, with its expiry as Azure has it. */
export async function expiryRows(ctx: LiveContext, stack: string, noticeDays: number): Promise<ExpiryRow[]> {
  const plan = await ctx.plan(stack);
  const planned = plannedLive(plan.digest);
  const arm = new Arm(ctx.connection, ROLE.read);
  const rows: ExpiryRow[] = [];
  for (const vault of planned.filter((s) => s.type === "azure-native:keyvault:Vault")) {
    const rg = str(vault.inputs.resourceGroupName);
    const vaultName = str(vault.inputs.vaultName);
    const catalog = planned.filter((s) => s.type === "azure-native:keyvault:Secret" && str(s.inputs.vaultName) === vaultName);
    const deployed: Secret[] = [];
    await arm.sdk(`secrets of ${vaultName}`, async () => {
      for await (const s of arm.keyVault.secrets.list(rg, vaultName)) deployed.push(s);
    });
    const names = new Set([...catalog.map((c) => str(c.inputs.secretName)), ...deployed.map((d) => d.name ?? "")].map((n) => n.toLowerCase()));
    for (const key of [...names].sort()) {
      const entry = catalog.find((c) => str(c.inputs.secretName).toLowerCase() === key);
      const live = deployed.find((d) => (d.name ?? "").toLowerCase() === key);
      const tags: Record<string, unknown> = { ...(live?.tags ?? {}), ...(entry && typeof entry.inputs.tags === "object" && entry.inputs.tags !== null ? entry.inputs.tags : {}) };
      const parsed = Number(str(tags["rotation-days"]));
      const rotation = Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
      const exp = live?.properties.attributes?.expires;
      const daysLeft = exp ? Math.floor((exp.getTime() - ctx.now.getTime()) / DAY_MS) : undefined;
      rows.push({
        vault: vaultName,
        secret: entry ? str(entry.inputs.secretName) : (live?.name ?? key),
        ...(exp ? { expires: exp.toISOString().slice(0, 10), daysLeft } : {}),
        ...(rotation ? { rotationDays: rotation } : {}),
        ...(str(tags.owner) ? { owner: str(tags.owner) } : {}),
        inCatalog: entry !== undefined,
        state: live ? stateOf(daysLeft, noticeDays, rotation) : "not in vault",
      });
    }
  }
  return rows;
}

const FLAG: Record<ExpiryState, string> = {
  expired: "**EXPIRED**",
  "inside notice window": "**rotate now**",
  "no expiry": "**no expiry**",
  "beyond rotation period": "**beyond rotation period**",
  ok: "ok",
  "not in vault": "**not in vault**",
};

export function renderExpiry(stack: string, rows: ExpiryRow[], noticeDays: number, format: "markdown" | "json", asOf: Date): string {
  if (format === "json") return `${JSON.stringify({ stack, asOf: asOf.toISOString().slice(0, 10), noticeDays, secrets: rows }, null, 2)}\n`;
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [
    `### mcp-guard expiry report: ${stack} (as of ${asOf.toISOString().slice(0, 10)}, notice window ${noticeDays} days)`,
    "",
    "| vault | secret | expires | days left | rotation (days) | owner | state |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${cell(r.vault)} | ${cell(r.secret)}${r.inCatalog ? "" : " (not in catalog)"} | ${r.expires ?? "-"} | ${r.daysLeft ?? "-"} | ${r.rotationDays ?? "-"} | ${cell(r.owner ?? "-")} | ${FLAG[r.state]} |`),
  ];
  const due = rows.filter((r) => r.state === "expired" || r.state === "inside notice window");
  lines.push("", due.length === 0 ? "No secret expires inside the notice window." : `${due.length} secret(s) expire inside the notice window: rotate the credential, then set its new expiry in the stack config and \`pulumi up\`.`);
  return `${lines.join("\n")}\n`;
}

/** `mcp-guard expiry-report`: 1 when a secret has expired or expires inside the notice window. */
export async function expiryCommand(ctx: LiveContext, flags: ExpiryFlags, out: (t: string) => void): Promise<number> {
  if (flags.format !== "markdown" && flags.format !== "json") throw new UsageError(`--format ${JSON.stringify(flags.format)} is not allowed; allowed markdown, json`);
  if (!Number.isInteger(flags.noticeDays) || flags.noticeDays < 1) throw new UsageError(`--notice-days ${JSON.stringify(flags.noticeDays)} is not allowed; allowed a whole number of days, at least 1`);
  const rows = await expiryRows(ctx, flags.stack, flags.noticeDays);
  out(renderExpiry(flags.stack, rows, flags.noticeDays, flags.format, ctx.now));
  return rows.some((r) => r.state === "expired" || r.state === "inside notice window") ? 1 : 0;
}

/** `expiry-report` on the CLI. */
export function registerExpiryReport(program: Command, io: LiveIo, setCode: (code: number) => void): void {
  withAzureOptions(
    program
      .command("expiry-report")
      .description("List every deployed secret's expiry, days left, rotation period and owner from the catalog; flag those expired, without expiry or inside the notice window (read-only: Reader role)")
      .requiredOption("-s, --stack <name>", "stack whose vault to report on")
      .option("-f, --format <format>", "markdown or json", "markdown")
      .option("--notice-days <days>", "the notice window in days (Key Vault's SecretNearExpiry event fires 30 days ahead)", (v) => Number(v), DEFAULT_NOTICE_DAYS),
  )
    .addHelpText("after", "\nExit codes: 0 nothing due, 1 a secret expired or expires inside the window, or Azure could not be read (one line on stderr), 2 usage error.")
    .action(async (flags: ExpiryFlags & AzureFlags) => setCode(await runLive(io, async () => expiryCommand(await liveContext(flags), flags, io.out))));
}
