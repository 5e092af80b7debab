import { isRecord, isSecret, isUnknown } from "../plan/digest";
import { Enforcement, PolicyRule, ResourceUnderCheck, RuleParameter, RuleParameters, Severity } from "./types";

/** Marks a value the rule cannot judge before deployment (unknown during preview, or a blinded secret). */
export const UNKNOWABLE = Symbol("unknowable");

/** Reads `a.b.c` from a resource's inputs; unknown or secret anywhere on the path gives UNKNOWABLE. */
export function at(inputs: Record<string, unknown>, path: string): unknown {
  let v: unknown = inputs;
  for (const part of path.split(".")) {
    if (isUnknown(v) || isSecret(v)) return UNKNOWABLE;
    if (!isRecord(v)) return undefined;
    v = v[part];
  }
  return isUnknown(v) || isSecret(v) ? UNKNOWABLE : v;
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/**
 * A rule that one input must satisfy: the common case, so each rule file states only its id, the path,
 * the test and the message a user reads.
 */
export function propertyRule(spec: {
  id: string;
  title: string;
  enforcement: Enforcement;
  severity: Severity;
  remediation: string;
  resourceTypes: readonly string[];
  path: string;
  parameters?: Record<string, RuleParameter>;
  ok: (value: unknown, resource: ResourceUnderCheck, parameters: RuleParameters) => boolean;
  message: (value: unknown, parameters: RuleParameters) => string;
}): PolicyRule {
  return {
    id: spec.id,
    title: spec.title,
    enforcement: spec.enforcement,
    severity: spec.severity,
    remediation: spec.remediation,
    resourceTypes: spec.resourceTypes,
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
    check: (r, parameters) => {
      const v = at(r.inputs, spec.path);
      return v === UNKNOWABLE || spec.ok(v, r, parameters) ? [] : [spec.message(v, parameters)];
    },
  };
}

export const shown = (v: unknown): string => (v === undefined ? "unset" : JSON.stringify(v));

/**
 * The entries of a list input with their index, each read through `at` as `e.<path>`; none when the
 * list is unknown until deployment. Rules over webhook receivers, table columns and the like share it.
 */
export function entries(inputs: Record<string, unknown>, path: string): { index: number; get: (field: string) => unknown }[] {
  const value = at(inputs, path);
  if (value === UNKNOWABLE) return [];
  return list(value).map((e, index) => ({ index, get: (field: string) => at({ e }, `e.${field}`) }));
}
