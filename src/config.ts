import * as pulumi from "@pulumi/pulumi";
import { closest } from "fastest-levenshtein";
import { z } from "zod";
import { DefaultNames, defaultNames, ENVIRONMENTS, Environment } from "./naming";
import { azureName, bool, DefaultDoc, email, KeyDoc, list, oneOf, pattern, stringMap } from "./configSchema";

/**
 * The whole stack config in one schema. Every key is optional here: required keys and per-environment
 * defaults are resolved in `resolve` below, so that defaults live in one place.
 */
export const configShape = {
  environment: oneOf(ENVIRONMENTS),
  location: pattern(/^[a-z][a-z0-9]{2,30}$/, "an Azure region name such as westeurope or eastus2"),
  workload: pattern(/^[a-z][a-z0-9]{1,9}$/, "2 to 10 lowercase letters or digits, starting with a letter"),
  resourceGroupName: azureName("resourceGroup"),
  adoptResourceGroup: bool(),
  tags: stringMap("tag names to values", 512, 256),
  alertEmails: list(email(), "email addresses").min(1, { error: "is empty; allowed one or more email addresses" }),
} satisfies Record<string, z.ZodType>;

export type ConfigKey = keyof typeof configShape;
type ConfigInput = { [K in ConfigKey]?: z.infer<(typeof configShape)[K]> };

const value = (v: unknown): DefaultDoc => ({ value: v });

const DEFAULTS = { location: "westeurope", workload: "cursor", adoptResourceGroup: false } as const;

/** What each key means and defaults to: the source of the README config reference and Pulumi.yaml. */
export const configDocs: Record<ConfigKey, KeyDoc> = {
  environment: { description: "Deployment tier that picks the secure defaults: dev, staging or prod (prod is strictest).", pulumiType: "string" },
  location: { description: "Azure region for every regional resource.", default: value(DEFAULTS.location), pulumiType: "string" },
  workload: { description: "Short workload name used in every resource name (rg-<workload>-ai-research-<env>, ...).", default: value(DEFAULTS.workload), pulumiType: "string" },
  resourceGroupName: { description: "Resource group that holds everything.", default: { derived: "rg-<workload>-ai-research-<environment>" }, pulumiType: "string" },
  adoptResourceGroup: { description: "true: use the existing resource group named resourceGroupName instead of creating it.", default: value(DEFAULTS.adoptResourceGroup), pulumiType: "boolean" },
  tags: { description: "Extra tags on every resource, merged over environment, workload, managed-by and project.", default: value({}) },
  alertEmails: { description: "Email addresses of the security team, paged by the security action group.", pulumiType: "array" },
};

/** Settings that follow from the environment tier: prod is the strictest. */
export interface Tier {
  /** Pulumi `protect` on resources that hold data or everything else (the resource group). */
  protectData: boolean;
  /** A CanNotDelete management lock on resources that hold data. */
  lockData: boolean;
}

export const TIERS: Record<Environment, Tier> = {
  dev: { protectData: false, lockData: false },
  staging: { protectData: false, lockData: false },
  prod: { protectData: true, lockData: true },
};

/** The validated stack config with every default filled in. */
export interface McpGuardConfig {
  project: string;
  stack: string;
  environment: Environment;
  tier: Tier;
  location: string;
  workload: string;
  names: DefaultNames;
  resourceGroup: { name: string; adopt: boolean };
  tags: Record<string, string>;
  alertEmails: string[];
}

/** Stack config as Pulumi hands it to a program: every value a string (JSON for lists and maps). */
export interface RawConfig {
  project: string;
  stack: string;
  /** Fully qualified keys (`mcp-guard:location`) to their string values. */
  values: Record<string, string>;
  /** Fully qualified keys whose values were set with `--secret`. */
  secretKeys: readonly string[];
}

/** Bad config: one line per problem. Extends RunError so `pulumi up` prints the lines without a stack trace. */
export class ConfigError extends pulumi.RunError {
  constructor(readonly problems: string[]) {
    super(`invalid stack config:\n${problems.join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Namespaces besides the project's that a stack file may set: the providers'. */
const PROVIDER_NAMESPACES = ["azure-native", "pulumi"];

const STRING_KEYS = new Set<string>(Object.entries(configDocs).filter(([, d]) => d.pulumiType === "string").map(([k]) => k));

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}

/** Validates raw stack config and fills defaults; throws ConfigError listing every problem at once. */
export function parseConfig(raw: RawConfig): McpGuardConfig {
  const problems: string[] = [];
  const input: Record<string, unknown> = {};
  const keys = Object.keys(configShape);

  for (const fullKey of Object.keys(raw.values).sort()) {
    const [namespace, ...rest] = fullKey.split(":");
    const key = rest.join(":");
    if (namespace !== raw.project) {
      if (!PROVIDER_NAMESPACES.includes(namespace)) {
        problems.push(`${fullKey}: unknown namespace ${JSON.stringify(namespace)}; allowed ${[raw.project, ...PROVIDER_NAMESPACES].join(", ")}`);
      }
      continue;
    }
    if (!(key in configShape)) {
      problems.push(`${fullKey}: unknown key; did you mean ${raw.project}:${closest(key, keys)}?`);
      continue;
    }
    const text = raw.values[fullKey];
    if (STRING_KEYS.has(key)) {
      input[key] = text;
      continue;
    }
    try {
      input[key] = JSON.parse(text);
    } catch {
      // Pulumi passes scalars as plain strings; a non-JSON value for a typed key is a string the schema rejects.
      input[key] = text;
    }
  }

  const parsed = z.object(configShape).partial().safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${raw.project}:${String(issue.path[0])}${formatPath(issue.path.slice(1))}: ${issue.message}`);
    }
  }
  const given: ConfigInput = parsed.success ? parsed.data : {};

  for (const [key, doc] of Object.entries(configDocs)) {
    if (doc.default === undefined && input[key] === undefined) {
      problems.push(`${raw.project}:${key}: is required; ${doc.description}`);
    }
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return resolve(raw, given);
}

function resolve(raw: RawConfig, given: ConfigInput): McpGuardConfig {
  const environment = given.environment;
  if (environment === undefined) throw new ConfigError([`${raw.project}:environment: is required`]);
  const workload = given.workload ?? DEFAULTS.workload;
  const names = defaultNames(workload, environment, raw.project, raw.stack);
  const resourceGroupName = given.resourceGroupName ?? names.resourceGroup;
  return {
    project: raw.project,
    stack: raw.stack,
    environment,
    tier: TIERS[environment],
    location: given.location ?? DEFAULTS.location,
    workload,
    names: { ...names, resourceGroup: resourceGroupName },
    resourceGroup: { name: resourceGroupName, adopt: given.adoptResourceGroup ?? DEFAULTS.adoptResourceGroup },
    tags: { environment, workload, "managed-by": "pulumi", project: raw.project, ...given.tags },
    alertEmails: given.alertEmails ?? [],
  };
}
