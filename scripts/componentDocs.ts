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
 * compiler API so the README cannot drift from the code.
 */
export function componentArgsMarkdown(root: string): string {
  const files = DOCUMENTED.map(([, f]) => path.join(root, f));
  const program = ts.createProgram(files, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const out: string[] = [];
  for (const [component, file] of DOCUMENTED) {
    const source = program.getSourceFile(path.join(root, file));
    const decl = source?.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === `${component}Args`);
    if (!decl) throw new Error(`${file}: no interface ${component}Args`);
    out.push(`### ${component} (\`${file}\`)`, "", "| arg | type | default | what it does |", "|---|---|---|---|");
    for (const member of decl.members) {
      if (!ts.isPropertySignature(member) || !member.name || !ts.isIdentifier(member.name)) continue;
      const symbol = checker.getSymbolAtLocation(member.name);
      const doc = symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)) : "";
      const defaultTag = symbol?.getJsDocTags(checker).find((t) => t.name === "default");
      const fallback = defaultTag ? ts.displayPartsToString(defaultTag.text) : member.questionToken ? "" : "required";
      const type = member.type ? member.type.getText(source) : "";
      if (!doc) throw new Error(`${file}: ${component}Args.${member.name.text} has no doc comment`);
      out.push(`| \`${member.name.text}\` | \`${cell(type)}\` | ${cell(fallback)} | ${cell(doc)} |`);
    }
    out.push("");
  }
  return out.join("\n").trimEnd();
}
