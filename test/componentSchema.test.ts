import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { checkBaselineArgs } from "../src/components/baseline";
import { McpBaselineConfig } from "../src/components/baselineConfig";
import { ROOT } from "./helpers";

/*
 * A YAML program (runtime: yaml) that declares mcp-guard components, checked against the schema Pulumi's
 * analyzer derives from them (schema/components.json; its drift test is componentSchema.e2e.test.ts):
 * every property known, every required one given, every value of the declared type or enum.
 */
interface Property { type?: string; $ref?: string; optional?: boolean; items?: Property; additionalProperties?: Property }
interface TypeDefinition { type: string; properties?: Record<string, Property>; enum?: { value: string | number }[] }
interface Schema { components: Record<string, { inputs: Record<string, Property>; outputs: Record<string, Property> }>; typeDefinitions: Record<string, TypeDefinition> }

const schema: Schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schema/components.json"), "utf8"));
const TOKEN = /^mcp-guard:index:(\w+)$/;

function objectProblems(where: string, value: unknown, props: Record<string, Property>): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${where}: expected an object`];
  const given = value as Record<string, unknown>;
  return [
    ...Object.keys(given).filter((k) => !(k in props)).map((k) => `${where}.${k}: not an input; allowed ${Object.keys(props).join(", ")}`),
    ...Object.entries(props).filter(([k, p]) => !p.optional && !(k in given)).map(([k]) => `${where}.${k}: required`),
    ...Object.entries(given).flatMap(([k, v]) => (k in props ? valueProblems(`${where}.${k}`, v, props[k]) : [])),
  ];
}

function valueProblems(where: string, value: unknown, p: Property): string[] {
  // An interpolation (${resource.output}) is checked by Pulumi YAML at run time, not here.
  if (typeof value === "string" && value.startsWith("${")) return [];
  if (p.$ref) {
    const def = schema.typeDefinitions[p.$ref.replace("#/types/mcp-guard:index:", "")];
    if (!def) return [`${where}: ${p.$ref} is not in the schema`];
    if (def.enum) return def.enum.some((e) => e.value === value) ? [] : [`${where}: ${JSON.stringify(value)} is not one of ${def.enum.map((e) => e.value).join(", ")}`];
    return objectProblems(where, value, def.properties ?? {});
  }
  switch (p.type) {
    case "string": return typeof value === "string" ? [] : [`${where}: expected a string`];
    case "boolean": return typeof value === "boolean" ? [] : [`${where}: expected a boolean`];
    case "integer": return Number.isInteger(value) ? [] : [`${where}: expected an integer`];
    case "number": return typeof value === "number" ? [] : [`${where}: expected a number`];
    case "array": return Array.isArray(value) ? value.flatMap((v, i) => valueProblems(`${where}[${i}]`, v, p.items ?? {})) : [`${where}: expected a list`];
    case "object":
      if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${where}: expected a map`];
      return Object.entries(value).flatMap(([k, v]) => valueProblems(`${where}.${k}`, v, p.additionalProperties ?? {}));
    default: return [`${where}: no type in the schema`];
  }
}

function programProblems(program: { runtime?: unknown; resources?: Record<string, { type: string; properties?: unknown }>; outputs?: Record<string, unknown> }): string[] {
  const resources = program.resources ?? {};
  const inputs = Object.entries(resources).flatMap(([name, r]) => {
    const component = TOKEN.exec(r.type)?.[1];
    if (!component) return [];
    const def = schema.components[component];
    if (!def) return [`${name}: ${r.type} is not a component in schema/components.json; allowed ${Object.keys(schema.components).join(", ")}`];
    return objectProblems(name, r.properties ?? {}, def.inputs);
  });
  // ${resource.output} in the program's outputs: a component's output must be in its schema.
  const outputs = Object.entries(program.outputs ?? {}).flatMap(([key, v]) => {
    const [, resource, output] = /^\$\{(\w+)\.(\w+)\}$/.exec(String(v)) ?? [];
    const def = schema.components[TOKEN.exec(resources[resource]?.type ?? "")?.[1] ?? ""];
    return def && !(output in def.outputs) ? [`outputs.${key}: ${resource} has no output ${output}; allowed ${Object.keys(def.outputs).join(", ")}`] : [];
  });
  return [...inputs, ...outputs];
}

describe("a Pulumi YAML program declaring mcp-guard components", () => {
  const program = parse(fs.readFileSync(path.join(ROOT, "examples/yaml/Pulumi.yaml"), "utf8"));

  it("is a YAML program whose every mcp-guard resource matches the analyzer's schema", () => {
    expect(program.runtime).toBe("yaml");
    expect(Object.values(program.resources as Record<string, { type: string }>).filter((r) => TOKEN.test(r.type)).length).toBeGreaterThan(0);
    expect(programProblems(program)).toEqual([]);
  });

  it("fails a weakened program with the property and the fix", () => {
    const weakened = structuredClone(program);
    weakened.resources.securityTeam.properties.lock.level = "None";
    delete weakened.resources.securityTeam.properties.emails;
    weakened.resources.securityTeam.properties.email = "a@example.com";
    expect(programProblems(weakened)).toEqual([
      "securityTeam.email: not an input; allowed resourceGroupName, actionGroupName, shortName, emails, webhooks, logicApps, tags, lock",
      "securityTeam.emails: required",
      'securityTeam.lock.level: "None" is not one of CanNotDelete, ReadOnly',
    ]);
  });

  it("fails a network that is given as the old { create } union member, and an unknown private link group", () => {
    const weakened = structuredClone(program);
    const network = weakened.resources.network.properties;
    network.network = { create: network.create };
    delete network.create;
    network.groups = ["vault", "blob"];
    expect(programProblems(weakened)).toEqual([
      "network.network: not an input; allowed resourceGroupName, location, create, existing, groups, existingZoneIds, diagnostics, tags, lock",
      'network.groups[1]: "blob" is not one of vault, sites, azuremonitor',
    ]);
  });

  it("declares the whole baseline from resourceGroupName and the stack config keys", () => {
    expect(program.resources.baseline.type).toBe("mcp-guard:index:McpGovernanceBaseline");
    expect(Object.keys(program.resources.baseline.properties).sort()).toEqual(["config", "resourceGroupName"]);
    expect(Object.keys(schema.typeDefinitions.McpBaselineConfig.properties ?? {})).toContain("gatewayAuthClientApps");
  });

  it("fails a weakened baseline with the config field and the fix", () => {
    const weakened = structuredClone(program);
    const config = weakened.resources.baseline.properties.config;
    config.environment = "qa";
    config.locaton = "westeurope";
    config.logRetentionDays = "30 days";
    delete config.secrets[0].expires;
    delete weakened.resources.baseline.properties.resourceGroupName;
    weakened.outputs.gatewayUrl = "${baseline.gatewayUrl}";
    const problems = programProblems(weakened);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^baseline\.config\.locaton: not an input; allowed environment, location, /),
        "baseline.resourceGroupName: required",
        'baseline.config.environment: "qa" is not one of dev, staging, prod',
        "baseline.config.secrets[0].expires: required",
        "baseline.config.logRetentionDays: expected a number",
        expect.stringMatching(/^outputs\.gatewayUrl: baseline has no output gatewayUrl; allowed keyVaultId, /),
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it("gives the baseline a config its own checks accept (the secret from stack config as a Pulumi secret)", async () => {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, program.name, "dev", true);
    const given = program.resources.baseline.properties.config;
    const config: McpBaselineConfig = { ...given, secretValues: { "github-mcp-token": pulumi.secret("ghp_notarealtokennotarealtokennotarealtok") } };
    expect(given.secretValues["github-mcp-token"]).toBe("${githubMcpToken}");
    expect(program.config.githubMcpToken.secret).toBe(true);
    const checked = checkBaselineArgs({ config });
    expect(checked.config.names.keyVault).toMatch(/^kv-team-secrets-d[0-9a-f]{4}$/);
    const value = checked.config.secrets.find((s) => s.name === "github-mcp-token")?.value;
    expect(value !== undefined && (await pulumi.isSecret(pulumi.output(value)))).toBe(true);
  });

  it("is declared a Node.js component package by PulumiPlugin.yaml", () => {
    expect(parse(fs.readFileSync(path.join(ROOT, "PulumiPlugin.yaml"), "utf8"))).toEqual({ runtime: "nodejs" });
  });
});
