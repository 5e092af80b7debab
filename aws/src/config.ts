import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { InputError } from "../../src/errors";
import { ENVIRONMENTS, Environment } from "../../src/naming";
import { parseYaml } from "../../src/yamlFile";
import { STAGES_DIR } from "./paths";

/** The retention values CloudWatch Logs accepts (PutRetentionPolicy's retentionInDays enum). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const email = z.email({ error: (i) => `${JSON.stringify(i.input)} is not an email address` });
const isoDate = z.iso.date({ error: (i) => `${JSON.stringify(i.input)} is not a date; allowed YYYY-MM-DD` });
const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: (i) => `${JSON.stringify(i.input)} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)` });
const lambdaArn = z.string().regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+$/, { error: (i) => `${JSON.stringify(i.input)} is not a Lambda function ARN` });

const secret = z.strictObject({
  /** The catalog name the registry's credentials[].secret refers to. */
  name: z.string().regex(/^[0-9a-zA-Z-]{1,127}$/, { error: "is not a secret catalog name; allowed 1 to 127 letters, digits and hyphens" }),
  contentType: z.string().regex(/^[a-z0-9][a-z0-9.+-]{0,62}$/, { error: "is not a content type such as github-pat" }),
  owner: z.string().trim().min(1, { error: "is empty; allowed the team or person who rotates it" }),
  rotationDays: z.number().int().min(1).max(365).default(30),
  expires: isoDate,
  /** A rotation function that exists already; without one the secret is rotated by its owner and the expiry check pages. */
  rotationFunctionArn: lambdaArn.optional(),
});

/** One aws/stages/<stage>.yaml file. */
export const stageConfigSchema = z.strictObject({
  stage: z.enum(ENVIRONMENTS, { error: `is not a stage; allowed ${ENVIRONMENTS.join(", ")}` }),
  /** Region and account of the deployment; synthesis stays environment-agnostic without them. */
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: "is not an AWS region such as eu-central-1" }),
  account: z.string().regex(/^\d{12}$/, { error: "is not a 12-digit AWS account id" }).optional(),
  alertEmails: z.array(email).min(1, { error: "is empty; the security team topic needs at least one address" }),
  oncallEmails: z.array(email).default([]),
  tags: z.record(z.string(), z.string()).default({}),
  auditRetentionDays: z.number().refine((d) => LOG_RETENTION_DAYS.some((v) => v === d), { error: (i) => `${JSON.stringify(i.input)} is not a retention CloudWatch Logs accepts; allowed ${LOG_RETENTION_DAYS.join(", ")}` }),
  /** Days before a secret's `expires` tag at which the daily check pages. */
  expiryWarningDays: z.number().int().min(1).max(90).default(14),
  secrets: z.array(secret).default([]),
  gateway: z.strictObject({
    /** OpenID discovery document of the identity provider whose tokens the gateway accepts (Entra ID or Cognito). */
    discoveryUrl: z.url({ protocol: /^https$/, error: "is not an https URL" }).refine((u) => u.endsWith("/.well-known/openid-configuration"), { error: "must end in /.well-known/openid-configuration" }),
    allowedAudience: z.array(z.string().min(1)).min(1, { error: "is empty; name the gateway's app id or Application ID URI, so only tokens issued for it pass" }),
    allowedClients: z.array(z.string().min(1)).default([]),
    vpcCidr: z.cidrv4({ error: "is not an IPv4 CIDR such as 10.60.0.0/16" }),
  }),
  /** Tool calls by one user in an hour above which alert-mcp-unusual-activity pages (the Azure stacks' unusualActivityThreshold); the alert file's 100 when unset. */
  unusualActivityThreshold: z.number().int().min(1).max(100_000).optional(),
  /** Roles besides the gateway's that may read MCP secrets (a deployment role); any other reader pages. */
  secretReaderRoleArns: z.array(roleArn).default([]),
});
export type StageConfig = z.infer<typeof stageConfigSchema>;
export type SecretSpec = StageConfig["secrets"][number];

/** Parses one stage file: every problem as `<file>: <field>: <problem>`, thrown together. */
export function parseStageConfig(file: string, src: string, expected?: Environment): StageConfig {
  const yaml = parseYaml(file, src);
  if (yaml.problems.length > 0) throw new InputError("invalid stage config", yaml.problems);
  const parsed = stageConfigSchema.safeParse(yaml.value ?? {});
  if (!parsed.success) throw new InputError("invalid stage config", parsed.error.issues.map((i) => `${file}: ${i.path.map(String).join(".") || "(file)"}: ${i.message}`));
  if (expected !== undefined && parsed.data.stage !== expected) throw new InputError("invalid stage config", [`${file}: stage: ${JSON.stringify(parsed.data.stage)} must equal the file name ${JSON.stringify(expected)}`]);
  const names = parsed.data.secrets.map((s) => s.name);
  const dupes = names.filter((n, i) => names.indexOf(n) !== i);
  if (dupes.length > 0) throw new InputError("invalid stage config", [`${file}: secrets: ${dupes.map((d) => JSON.stringify(d)).join(", ")} listed twice; give each secret once`]);
  return parsed.data;
}

export function isStage(s: string): s is Environment {
  return ENVIRONMENTS.some((e) => e === s);
}

/** Reads aws/stages/<stage>.yaml. */
export function loadStageConfig(stage: string, dir = STAGES_DIR): StageConfig {
  if (!isStage(stage)) throw new InputError("invalid stage", [`stage ${JSON.stringify(stage)} is not a stage; allowed ${ENVIRONMENTS.join(", ")} (--stage for npm run synth, -c mcp-guard:stage= for cdk)`]);
  const file = path.join(dir, `${stage}.yaml`);
  return parseStageConfig(`aws/stages/${stage}.yaml`, fs.readFileSync(file, "utf8"), stage);
}
