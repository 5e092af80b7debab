import * as path from "node:path";
import { UsageError } from "../errors";
import { runDetectionTests } from "../detections/runner";
import { coverageProblems } from "../detections/coverage";
import { projectStacks } from "../detections/stacks";
import { Io } from "./common";

export interface TestFlags {
  stack?: string;
  cwd: string;
}

/**
 * `mcp-guard test`: every alerts/tests/*.yaml and queries/tests/*.yaml in each stack's configuration,
 * per test pass, fail (with the evaluations or rows that differed) or skip (with why), then every
 * detection that lacks an attack or a normal-use test. 0 all passed and covered, 1 otherwise.
 */
export function testCommand(flags: TestFlags, io: Io): number {
  const root = path.resolve(flags.cwd);
  const stacks = projectStacks(root);
  if (flags.stack !== undefined && !stacks.includes(flags.stack)) throw new UsageError(`--stack ${flags.stack}: no such stack; allowed ${stacks.join(", ")}`);
  const outcomes = runDetectionTests(root, flags.stack === undefined ? stacks : [flags.stack]);
  if (outcomes.length === 0) {
    io.out("no detection tests: add alerts/tests/<alert>.yaml or queries/tests/<query>.yaml (see alerts/README.md)\n");
    return 0;
  }
  const width = Math.max(...outcomes.map((o) => o.stack.length));
  for (const o of outcomes) {
    io.out(`${o.status.toUpperCase().padEnd(4)}  ${o.stack.padEnd(width)}  ${o.where}  ${o.test}\n`);
    if (o.status !== "pass") for (const d of o.details) io.out(`        ${d}\n`);
  }
  const uncovered = coverageProblems(root);
  for (const p of uncovered) io.out(`FAIL  coverage  ${p}\n`);
  const count = (s: string) => outcomes.filter((o) => o.status === s).length;
  io.out(`\n${outcomes.length} test runs in ${flags.stack ?? stacks.join(", ")}: ${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped${uncovered.length > 0 ? `; ${uncovered.length} detections without both kinds of test` : ""}\n`);
  return count("fail") > 0 || uncovered.length > 0 ? 1 : 0;
}
