import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

/** The components whose args the README documents, in reading order, with the file they live in. */
export const DOCUMENTED: [component: string, file: string][] = [
  ["McpGovernanceBaseline", "src/components/baseline.ts"],
  ["McpSecretsVault", "src/components/secretsVault.ts"],
  ["McpAuditLogs", "src/components/auditLogs.ts"],
  ["McpSavedQueries", "src/components/savedQueries.ts"],
  ["McpAlerts", "src/components/alerts.ts"],
  ["McpPrivateNetwork", "src/components/privateNetwork.ts"],
  ["McpGatewayHost", "src/components/gatewayHost.ts"],
  ["McpSecurityActionGroup", "src/components/securityActionGroup.ts"],
];

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();

/**
 * One table per component: each field of its `<Component>Args` interface with its type, its default
 * (the TSDoc `@default` tag; required fields have none) and its description, read with the TypeScript
 * parser so the README cannot drift from the code. Each file is parsed on its own: the docs are on
 * the declarations themselves, and type-checking them would load azure-native's declarations too.
 */
export function componentArgsMarkdown(root: string): string {
  const out: string[] = [];
  for (const [component, file] of DOCUMENTED) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), "utf8"), ts.ScriptTarget.ES2022, true);
    const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === `${component}Args`);
    if (!decl) throw new Error(`${file}: no interface ${component}Args`);
    out.push(`### ${component} (\`${file}\`)`, "", "| arg | type | default | what it does |", "|---|---|---|---|");
    for (const member of decl.members) {
      if (!ts.isPropertySignature(member) || !member.name || !ts.isIdentifier(member.name)) continue;
      const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
      const doc = docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? "").filter((t) => t !== "").join("\n\n");
      const defaultTag = ts.getJSDocTags(member).find((t) => t.tagName.text === "default");
      const fallback = defaultTag ? (ts.getTextOfJSDocComment(defaultTag.comment) ?? "") : member.questionToken ? "" : "required";
      const type = member.type ? member.type.getText(source) : "";
      if (!doc) throw new Error(`${file}: ${component}Args.${member.name.text} has no doc comment`);
      out.push(`| \`${member.name.text}\` | \`${cell(type)}\` | ${cell(fallback)} | ${cell(doc)} |`);
    }
    out.push("");
  }
  return out.join("\n").trimEnd();
}
