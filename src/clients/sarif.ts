import { Finding, LINT_RULES } from "./lint";

/**
 * The lint's findings as SARIF 2.1.0, the subset GitHub code scanning reads (docs.github.com, "SARIF
 * support for code scanning"): `version` "2.1.0" with the OASIS schema URI, one run whose
 * `tool.driver.rules` describe every rule (id, name, short and full description, help, the
 * `security-severity` GitHub ranks alerts by), and one result per finding with `ruleId`, `ruleIndex`,
 * `level`, `message.text` and a `physicalLocation` of the file (`artifactLocation.uri`, relative to the
 * repository root, forward slashes) and the `region` start line and column (1-based).
 */
export const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

const RULES = Object.values(LINT_RULES);

export function renderSarif(findings: readonly Finding[], tool: { name: string; version: string; informationUri?: string }): string {
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.summary },
              fullDescription: { text: `${r.summary}. ${r.why}` },
              help: { text: r.why },
              defaultConfiguration: { level: r.level },
              properties: { tags: ["security", "mcp"], "security-severity": r.level === "error" ? "8.0" : "4.0" },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule.id,
          ruleIndex: RULES.findIndex((r) => r.id === f.rule.id),
          level: f.level,
          message: { text: `${f.message}. Fix: ${f.fix}.` },
          locations: [{ physicalLocation: { artifactLocation: { uri: f.file.split("\\").join("/") }, region: { startLine: f.line, startColumn: f.col } } }],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
