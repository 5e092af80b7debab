import * as fs from "node:fs";
import * as path from "node:path";
import { parseConfig, today } from "../config";
import { QueryParameterValues, stackParameters } from "../kql/parameters";
import { Environment } from "../naming";
import { registryForConfig } from "../registry/stack";
import { readProjectFile, readStackConfig, stackFilePath } from "../plan/projectFiles";
import { UsageError } from "../errors";

/** What a stack's detections run with: its environment's overrides and the parameter values it injects. */
export interface StackDetections {
  stack: string;
  environment: Environment;
  parameters: QueryParameterValues;
  /** Alert thresholds the stack's config sets, by alert name. */
  thresholds: Record<string, number>;
}

/** The stacks a project ships: stacks/Pulumi.<name>.yaml (Pulumi.yaml's stackConfigDir), sorted. */
export function projectStacks(projectDir: string): string[] {
  const project = readProjectFile(projectDir);
  const dir = path.join(project.dir, project.stackConfigDir);
  return fs.readdirSync(dir).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter((s): s is string => s !== undefined).sort();
}

/**
 * Reads and validates one stack's config and the approval registry (servers/) as the program does, and
 * the parameter values its baseline injects (src/components/baseline.ts). The gateway's identities exist only once deployed; offline they
 * are what the caller says (default none, so every reader is "not the gateway").
 */
export function stackDetections(projectDir: string, stack: string, gatewayPrincipalIds: readonly string[] = []): StackDetections {
  const project = readProjectFile(projectDir);
  const file = stackFilePath(project, stack);
  if (!fs.existsSync(file)) throw new UsageError(`--stack ${stack}: no stack config ${path.relative(projectDir, file)}; allowed ${projectStacks(projectDir).join(", ")}`);
  const now = today();
  const config = parseConfig({ project: project.name, stack, ...readStackConfig(project, file) }, now);
  const registry = registryForConfig(path.join(project.dir, "servers"), config, now);
  return { stack, environment: config.environment, parameters: stackParameters(registry.approvals, gatewayPrincipalIds), thresholds: config.alertThresholds };
}
