/** `mandatory` rules implement the checklist's "must" rows and fail a plan; `advisory` rules its "should" rows. */
export type Severity = "mandatory" | "advisory";

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
 * One secure-default rule, a pure function of a resource's inputs. It returns the messages of what to
 * change (empty when compliant) and returns none for values that are unknown until deployment.
 */
export interface PolicyRule {
  /** The checklist id in ../shared/reference/azure-secure-defaults.md, e.g. KV-01. */
  id: string;
  title: string;
  severity: Severity;
  /** azure-native type tokens the rule applies to. */
  resourceTypes: readonly string[];
  check(resource: ResourceUnderCheck): string[];
}

export interface Violation {
  ruleId: string;
  severity: Severity;
  title: string;
  urn: string;
  type: string;
  message: string;
  /** The written reason from the resource's exception tag (src/policyExceptions.ts): reported, never failing. */
  exception?: string;
}
