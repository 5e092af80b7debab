import * as fs from "node:fs";
import * as path from "node:path";
import { loadAlertFiles } from "../../src/kql/alerts";
import { loadQueryCatalog } from "../../src/kql/catalog";
import { ALERTS_DIR, QUERIES_DIR, REPO_ROOT } from "../src/paths";
import { portTables, withTables } from "../src/portTable";

/** `npm run docs -w aws`: rewrites the port tables in the README's AWS section from the code. */
const readmeFile = path.join(REPO_ROOT, "README.md");
const catalog = loadQueryCatalog(QUERIES_DIR);
const updated = withTables(fs.readFileSync(readmeFile, "utf8"), portTables(catalog, loadAlertFiles(ALERTS_DIR, catalog)));
if (updated === undefined) {
  console.error("README.md: the aws-ports markers are missing; put them back in the AWS section");
  process.exit(1);
}
fs.writeFileSync(readmeFile, updated);
console.log("wrote the AWS port tables in README.md");
