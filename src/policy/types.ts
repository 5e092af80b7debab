/** `mandatory` rules implement the checklist's "must" rows and fail a plan; `advisory` rules its "should" rows. */
export type Enforcement = "mandatory" | "advisory";

/** How much harm a violation does, on CrossGuard's scale (@pulumi/policy's Policy.severity). */
export type Severity = "low" | "medium" | "high" | "critical";

/** What a rule sees of one resource: its azure-native type token and the inputs the program gave it. */
export interface ResourceUnderCheck {
  type: string;
  /** Logical name (the URN's last part). */
  name: string;
  urn: string;
  inputs: Record<string, unknown>;
  protect?: boolean;
}

/**
 * A rule's tunable: a JSON schema property, so CrossGuard validates `--policy-pack-config` against it
 * and Pulumi Cloud shows it in the policy group's settings. The default keeps the shipped behaviour.
 */
export interface RuleParameter {
  type: "integer";
  description: string;
  default: number;
  minimum: number;
  maximum: number;
}

/** Parameter values a check runs with: the defaults, overridden by the pack's config where given. */
export type RuleParameters = Readonly<Record<string, number>>;

/** The defaults of a rule's parameters. */
export function parameterDefaults(rule: { parameters?: Record<string, RuleParameter> }): RuleParameters {
  return Object.fromEntries(Object.entries(rule.parameters ?? {}).map(([name, p]) => [name, p.default]));
}

/**
 * One secure-default rule, a pure function of a resource's inputs. It returns the messages of what to
 * change (empty when compliant) and returns none for values that are unknown until deployment.
 */
export interface PolicyRule {
  /** The checklist id in ../shared/reference/azure-secure-defaults.md, e.g. KV-01. */
  id: string;
  title: string;
  /** Whether a violation fails the plan (and CrossGuard's default enforcement level). */
  enforcement: Enforcement;
  severity: Severity;
  /** What to change to comply, shown by CrossGuard as the policy's remediation steps. */
  remediation: string;
  /** azure-native type tokens the rule applies to. */
  resourceTypes: readonly string[];
  /** Tunables, by name; none unless stated. */
  parameters?: Record<string, RuleParameter>;
  check(resource: ResourceUnderCheck, parameters: RuleParameters): string[];
}

export interface Violation {
  ruleId: string;
  enforcement: Enforcement;
  title: string;
  urn: string;
  type: string;
  message: string;
  /** The written reason from the resource's exception tag (src/policyExceptions.ts): reported, never failing. */
  exception?: string;
}
