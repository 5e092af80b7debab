/**
 * Writes src/components/baselineConfig.ts, the baseline's portable `config` arg, from the one source of
 * the stack config: its schema (`configShape`, through zod's JSON Schema) and its docs (`configDocs`).
 * `npm run docs` runs it; test/baselineConfig.test.ts fails when the committed file is stale and,
 * at compile time, when a field's type is not exactly the schema's.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { configDocs, configShape, ConfigKey } from "../src/config";
import { DefaultDoc } from "../src/configSchema";

export const BASELINE_CONFIG_FILE = path.resolve(__dirname, "../src/components/baselineConfig.ts");

/** Enums the other components already export, reused so every language sees one type per concept. */
const IMPORTED_ENUMS: Partial<Record<ConfigKey, { name: string; from: string }>> = {
  environment: { name: "Environment", from: "../naming" },
  keyVaultSku: { name: "KeyVaultSku", from: "./secretsVault" },
  keyVaultSecretReadScope: { name: "SecretReadScope", from: "./secretsVault" },
  gatewayPlanSku: { name: "GatewayPlanSku", from: "./gatewayHost" },
};
/** Enums only the config has, declared in the generated file as analyzer enums (as LockLevel). */
const OWN_ENUMS: Partial<Record<ConfigKey, { name: string; doc: string }>> = {
  gatewayClientAuth: { name: "GatewayClientAuth", doc: "How MCP clients authenticate at the gateway's edge." },
};
/** Names of the structured keys' interfaces: the analyzer refuses anonymous object types. */
const OBJECT_NAMES: Partial<Record<ConfigKey, { name: string; doc: string }>> = {
  secrets: { name: "McpBaselineSecret", doc: "One credential of the secret catalog (its value, if any, goes in `secretValues`)." },
  alertWebhooks: { name: "McpBaselineWebhook", doc: "An Entra-secured webhook receiver on the security action group." },
  alertLogicApps: { name: "McpBaselineLogicApp", doc: "A Logic App receiver on the security action group (its callback URL goes in `alertLogicAppCallbackUrls`)." },
  gatewayAuthClientApps: { name: "McpBaselineClientApps", doc: "The public-client app registrations MCP clients sign in with." },
};
/** Maps of credentials: each value may be an Output (a secret config value, another stack's output) and stays secret. */
const SECRET_MAPS: readonly ConfigKey[] = ["secretValues", "alertLogicAppCallbackUrls"];

type JsonSchema = z.core.JSONSchema.JSONSchema;
/** A subschema: zod emits objects for every field of configShape; `true`/`false` would mean any/none. */
function schemaAt(s: z.core.JSONSchema._JSONSchema | z.core.JSONSchema._JSONSchema[] | undefined, where: string): JsonSchema {
  if (typeof s !== "object" || Array.isArray(s)) throw new Error(`${where}: no single JSON Schema type`);
  return s;
}

function defaultText(d: DefaultDoc | undefined): string {
  if (d === undefined) return "- none: required (the baseline lists it as missing)";
  if ("value" in d) return JSON.stringify(d.value);
  if ("perEnvironment" in d) return Object.entries(d.perEnvironment).map(([env, v]) => `${env} ${JSON.stringify(v)}`).join(", ");
  return `- ${d.derived}`;
}

const memberName = (value: string) => value.split(/[^A-Za-z0-9]+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");

function docComment(text: string, indent: string): string[] {
  if (!text.includes("\n")) return [`${indent}/** ${text} */`];
  return [`${indent}/**`, ...text.split("\n").map((l) => `${indent} * ${l}`), `${indent} */`];
}

export function baselineConfigSource(): string {
  const imports = new Map<string, string[]>();
  const declarations: string[] = [];
  const fields: string[] = [];

  const tsType = (key: ConfigKey, s: JsonSchema, where: string): string => {
    if (s.enum) {
      const imported = IMPORTED_ENUMS[key];
      if (imported) {
        imports.set(imported.from, [...(imports.get(imported.from) ?? []), imported.name]);
        return imported.name;
      }
      const own = OWN_ENUMS[key];
      if (!own) throw new Error(`${where}: an enum needs a name in IMPORTED_ENUMS or OWN_ENUMS`);
      declarations.push(
        ...docComment(own.doc, ""),
        `export const ${own.name} = { ${s.enum.map((v) => `${memberName(String(v))}: ${JSON.stringify(v)}`).join(", ")} } as const;`,
        `export type ${own.name} = (typeof ${own.name})[keyof typeof ${own.name}];`,
        "",
      );
      return own.name;
    }
    switch (s.type) {
      case "string":
        return "string";
      case "boolean":
        return "boolean";
      case "integer":
      case "number":
        return "number";
      case "array":
        return `${tsType(key, schemaAt(s.items, `${where}[]`), `${where}[]`)}[]`;
      case "object": {
        if (s.properties) {
          const named = OBJECT_NAMES[key];
          if (!named) throw new Error(`${where}: an object type needs a name in OBJECT_NAMES`);
          const body = Object.entries(s.properties).flatMap(([field, sub]) => {
            const f = schemaAt(sub, `${where}.${field}`);
            if (!f.description) throw new Error(`${where}.${field}: no .describe() in src/config.ts`);
            const optional = !(s.required ?? []).includes(field);
            return [...docComment(f.description, "  "), `  ${field}${optional ? "?" : ""}: ${tsType(key, f, `${where}.${field}`)};`];
          });
          declarations.push(...docComment(named.doc, ""), `export interface ${named.name} {`, ...body, "}", "");
          return named.name;
        }
        const value = SECRET_MAPS.includes(key) ? "pulumi.Input<string>" : tsType(key, schemaAt(s.additionalProperties, `${where} values`), `${where} values`);
        return `Record<string, ${value}>`;
      }
      default:
        throw new Error(`${where}: no TypeScript type for JSON Schema ${JSON.stringify(s)}`);
    }
  };

  for (const key of Object.keys(configShape).filter((k): k is ConfigKey => Object.hasOwn(configDocs, k))) {
    const doc = configDocs[key];
    const schema = z.toJSONSchema(configShape[key], { unrepresentable: "any", io: "input" });
    const type = tsType(key, schema, key);
    const secret = doc.secret ? "\nEach value stays a Pulumi secret; an Output is never read or shown in a problem." : "";
    fields.push(...docComment(`${doc.description}${secret}\n@default ${defaultText(doc.default)}`, "  "), `  ${key}?: ${type};`);
  }

  const importLines = [...imports.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([from, names]) => `import { ${[...new Set(names)].sort().join(", ")} } from "${from}";`);
  return [
    "// Generated by scripts/baselineConfig.ts from configShape and configDocs (src/config.ts): do not edit by",
    "// hand; `npm run docs` rewrites it and test/baselineConfig.test.ts checks it is current.",
    'import * as pulumi from "@pulumi/pulumi";',
    ...importLines,
    "",
    ...declarations,
    ...docComment(
      "The stack config as McpGovernanceBaseline's portable `config` arg: one field per key of stacks/Pulumi.<env>.yaml,\nwith the same name, checked by the same rules (src/config.ts) and defaulted the same way.",
      "",
    ),
    "export interface McpBaselineConfig {",
    ...fields,
    "}",
    "",
  ].join("\n");
}

if (require.main === module) {
  fs.writeFileSync(BASELINE_CONFIG_FILE, baselineConfigSource());
  process.stdout.write(`wrote ${path.relative(process.cwd(), BASELINE_CONFIG_FILE)}\n`);
}
