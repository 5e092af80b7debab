/**
 * The Pulumi package schema of mcp-guard's components as Pulumi's own analyzer derives it
 * (`@pulumi/pulumi/provider/experimental/analyzer`, what `pulumi package add` runs over a
 * `PulumiPlugin.yaml` with `runtime: nodejs`), for the components it accepts. `npx tsx
 * scripts/componentSchema.ts` rewrites the committed copy; test/componentSchema.e2e.test.ts checks it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Analyzer, AnalyzeResult } from "@pulumi/pulumi/provider/experimental/analyzer";

export const ROOT = path.resolve(__dirname, "..");
export const SCHEMA_FILE = path.join(ROOT, "schema", "components.json");
/** The components every Pulumi language can use today; the others still take TypeScript-only args. */
export const PORTABLE_COMPONENTS = ["McpGovernanceBaseline", "McpSecretsVault", "McpSecurityActionGroup", "McpAuditLogs", "McpPrivateNetwork", "McpGatewayHost", "McpSavedQueries", "McpAlerts"] as const;

export function analyzeComponents(names: readonly string[] = PORTABLE_COMPONENTS): AnalyzeResult {
  const packageJson: Record<string, unknown> = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  return new Analyzer(ROOT, "mcp-guard", packageJson, new Set(names)).analyze();
}

export function componentSchemaSource(result: AnalyzeResult = analyzeComponents()): string {
  return `${JSON.stringify({ components: result.components, typeDefinitions: result.typeDefinitions }, null, 2)}\n`;
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
  fs.writeFileSync(SCHEMA_FILE, componentSchemaSource());
  process.stdout.write(`wrote ${path.relative(ROOT, SCHEMA_FILE)}\n`);
}
