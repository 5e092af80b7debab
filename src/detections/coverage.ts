import { loadDetectionTests } from "./runner";
import * as path from "node:path";
import { loadAlertFiles } from "../kql/alerts";
import { loadQueryCatalog } from "../kql/catalog";

/*
 * Every detection is proven both ways, as Sigma requires regression data for its stable rules: each
 * alert has alerts/tests/<alert>.yaml with a test that fires and one that never fires, and each
 * `security` query has queries/tests/<query>.yaml with a test that returns rows and one that returns none.
 */

/** What is missing, one line per detection: `alerts/<alert>.yaml: no ...`. */
export function coverageProblems(projectDir: string): string[] {
  const catalog = loadQueryCatalog(path.join(projectDir, "queries"));
  const alerts = loadAlertFiles(path.join(projectDir, "alerts"), catalog);
  const loaded = loadDetectionTests(projectDir);
  const problems: string[] = [];
  for (const alert of alerts) {
    const file = loaded.alertFiles.find((f) => f.alert.name === alert.name)?.file;
    if (!file) {
      problems.push(`${alert.file}: no test file; add alerts/tests/${alert.name}.yaml with a scenario that fires and one that never fires`);
      continue;
    }
    const fires = file.tests.some((t) => !("neverFires" in t.expect) && (t.expect.fires?.length ?? 0) > 0);
    const quiet = file.tests.some((t) => "neverFires" in t.expect);
    if (!fires) problems.push(`${file.file}: no attack scenario; add a test whose expect lists fires`);
    if (!quiet) problems.push(`${file.file}: no normal-use scenario; add a test with expect: never fires`);
  }
  for (const query of catalog.filter((q) => q.category === "security")) {
    const file = loaded.queryFiles.find((f) => f.query.name === query.name)?.file;
    if (!file) {
      problems.push(`${query.file}: no test file; add queries/tests/${query.name}.yaml with a scenario that returns rows and one that returns none (it is a security query)`);
      continue;
    }
    if (!file.tests.some((t) => t.expect.rows.length > 0)) problems.push(`${file.file}: no attack scenario; add a test whose expect lists rows`);
    if (!file.tests.some((t) => t.expect.rows.length === 0)) problems.push(`${file.file}: no normal-use scenario; add a test with expect: no rows`);
  }
  return problems;
}
