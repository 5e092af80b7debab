import * as path from "node:path";
import { today } from "../config";
import { InputError } from "../errors";
import { ENVIRONMENTS } from "../naming";
import { UsageError } from "../errors";
import { checkRegistry } from "../registry/checks";
import { loadRegistry } from "../registry/load";
import { renderReviewForm } from "../registry/reviewForm";
import { Io } from "./common";

export interface ReviewFlags {
  cwd: string;
}

/**
 * `mcp-guard review <server>`: the guide's review form filled from servers/<server>.yaml (Markdown on
 * stdout), then the REG findings for that server in each environment on stderr. 0 no error, 1 an error.
 */
export function reviewCommand(name: string, flags: ReviewFlags, io: Io): number {
  const root = path.resolve(flags.cwd);
  const registry = loadRegistry(path.join(root, "servers"));
  const server = registry.servers.find((s) => s.name === name);
  const own = registry.problems.filter((p) => p.startsWith(`servers/${name}.`));
  if (own.length > 0) throw new InputError("invalid server registry", own);
  if (!server) {
    const known = registry.servers.map((s) => s.name);
    throw new UsageError(`${name}: no servers/${name}.yaml; allowed ${known.join(", ") || "none (servers/ is empty)"}`);
  }
  io.out(renderReviewForm(server));
  const now = today();
  const seen = new Set<string>();
  let errors = 0;
  for (const environment of ENVIRONMENTS) {
    for (const f of checkRegistry([server], { environment, today: now })) {
      const line = `${f.severity}: ${f.message}${f.id === "REG-04" ? ` [${environment}]` : ""}`;
      if (seen.has(line)) continue;
      seen.add(line);
      if (f.severity === "error") errors++;
      io.err(`${line}\n`);
    }
  }
  return errors > 0 ? 1 : 0;
}
