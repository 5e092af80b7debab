import * as fs from "node:fs";
import * as path from "node:path";
import { schemaMarkdown } from "../src/schema/mcpServerLogs";

/** Pages generated from the code's single sources of truth; test/docs.test.ts fails when one is stale. */
export const GENERATED_DOCS: Record<string, () => string> = {
  "docs/mcp-server-logs.md": schemaMarkdown,
};

if (require.main === module) {
  const root = path.resolve(__dirname, "..");
  for (const [file, render] of Object.entries(GENERATED_DOCS)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), render());
    process.stdout.write(`wrote ${file}\n`);
  }
}
