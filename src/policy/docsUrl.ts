import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The address of a rule's row in docs/policy.md, from package.json's `repository` (a GitHub
 * repository's URL): undefined while the package declares none, so no finding links to a guess.
 * A fork that publishes the pack sets `repository` and every finding links to its own docs.
 */
export function policyDocsUrl(ruleId: string, packageJson: { repository?: string | { url?: string } } = rootPackage()): string | undefined {
  const declared = typeof packageJson.repository === "string" ? packageJson.repository : packageJson.repository?.url;
  const repo = declared?.replace(/^git\+/, "").replace(/\.git$/, "").replace(/^github:/, "https://github.com/");
  if (!repo || !/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/.test(repo)) return undefined;
  return `${repo}/blob/main/docs/policy.md#${ruleAnchor(ruleId)}`;
}

/** The anchor docs/policy.md gives a rule's row. */
export const ruleAnchor = (ruleId: string) => ruleId.toLowerCase();

function rootPackage(): { repository?: string | { url?: string } } {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
      // mcp-guard itself, or the published pack, whose package.json carries the same repository.
      if (pkg.name === "mcp-guard" || pkg.name === "mcp-guard-policy") return pkg;
    }
    if (path.dirname(dir) === dir) return {};
  }
}
