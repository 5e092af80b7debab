import * as fs from "node:fs";
import { z } from "zod";
import { InputError } from "../errors";
import { parseYaml } from "../yamlFile";

/**
 * A rule switched off for one named resource, with the reason reviewers read. Kept in a reviewed file
 * (policy/suppressions.yaml) that the offline plan, the diff and the CrossGuard pack all read, so a
 * suppression is a visible change in a pull request, never a silent flag.
 */
export interface Suppression {
  rule: string;
  /** The resource's logical name (the last part of its URN). */
  resource: string;
  reason: string;
}

const schema = z.array(
  z.strictObject({
    rule: z.string().regex(/^[A-Z]+-\d{2}$/, { error: "is not a rule id such as KV-05" }),
    resource: z.string().min(1, { error: "is empty; name the resource (its logical name)" }),
    reason: z.string().trim().min(20, { error: "is too short; a suppression needs a written reason of 20 characters or more" }),
  }),
  { error: "is not a list of {rule, resource, reason}" },
);

export function parseSuppressions(file: string, text: string): Suppression[] {
  const yaml = parseYaml(file, text);
  if (yaml.problems.length > 0) throw new InputError("invalid policy suppressions", yaml.problems);
  const parsed = schema.safeParse(yaml.value ?? []);
  if (parsed.success) return parsed.data;
  throw new InputError("invalid policy suppressions", parsed.error.issues.map((i) => `${file}: ${i.path.map(String).join(".") || "(file)"}: ${i.message}`));
}

/** The suppressions in `file`, or none when it does not exist. */
export function loadSuppressions(file: string): Suppression[] {
  return fs.existsSync(file) ? parseSuppressions(file, fs.readFileSync(file, "utf8")) : [];
}

export function suppressionFor(suppressions: readonly Suppression[], rule: string, resource: string): Suppression | undefined {
  return suppressions.find((s) => s.rule === rule && s.resource === resource);
}
