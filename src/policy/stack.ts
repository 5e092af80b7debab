import { Enforcement, PolicyRule, Severity } from "./types";

/**
 * A resource as a stack rule sees it: its inputs, and which resources it depends on (by URN), so
 * relations hold even while ids are unknown during a preview. Built from a PreviewDigest or from
 * `@pulumi/policy`'s StackValidationArgs.
 */
export interface StackResource {
  urn: string;
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** URNs this resource depends on (any property). */
  dependencies: string[];
}

/** A rule over relations between resources: each finding names the resource to fix. */
export interface StackRule {
  id: string;
  title: string;
  enforcement: Enforcement;
  severity: Severity;
  /** What to change to comply, shown by CrossGuard as the policy's remediation steps. */
  remediation: string;
  /** Types the relation is about, for the coverage rule and the docs. */
  resourceTypes: readonly string[];
  check(resources: readonly StackResource[], resourceRules: readonly PolicyRule[]): { urn: string; message: string }[];
}

/** Whether `from` points at `to`: through a dependency, or an input equal to `to`'s id when known. */
export function pointsAt(from: StackResource, to: StackResource, input?: string): boolean {
  if (from.dependencies.includes(to.urn)) return true;
  const value = input === undefined ? undefined : from.inputs[input];
  const id = to.inputs.id;
  return typeof value === "string" && typeof id === "string" && value.toLowerCase() === id.toLowerCase();
}

const byType = new WeakMap<readonly StackResource[], Map<string, readonly StackResource[]>>();

/**
 * The resources of one type, grouped once per resource list: rules ask per resource (an alert rule's
 * action groups, a collection rule's endpoint), and filtering the whole list each time made policy
 * over a 60,000-step plan quadratic.
 */
export function ofType(resources: readonly StackResource[], type: string): readonly StackResource[] {
  let groups = byType.get(resources);
  if (!groups) {
    const built = new Map<string, StackResource[]>();
    for (const r of resources) {
      const group = built.get(r.type);
      if (group) group.push(r);
      else built.set(r.type, [r]);
    }
    groups = built;
    byType.set(resources, groups);
  }
  return groups.get(type) ?? [];
}

const pointerIndexes = new WeakMap<readonly StackResource[], Map<string, { byDependency: Map<string, number[]>; byValue: Map<string, number[]> }>>();

/**
 * The resources of `from` that point at `to` (as `pointsAt` tells), in `from`'s order. The index over
 * `from` (dependencies, and the lower-cased `input` values) is built once per list and input: rules
 * ask per vault or workspace, and testing every diagnostic setting each time made policy over a
 * 60,000-step plan quadratic.
 */
export function pointingAt(from: readonly StackResource[], to: StackResource, input?: string): StackResource[] {
  let byInput = pointerIndexes.get(from);
  if (!byInput) {
    byInput = new Map();
    pointerIndexes.set(from, byInput);
  }
  const key = input ?? "";
  let index = byInput.get(key);
  if (!index) {
    const built = { byDependency: new Map<string, number[]>(), byValue: new Map<string, number[]>() };
    const add = (map: Map<string, number[]>, k: string, i: number) => {
      const list = map.get(k);
      if (!list) map.set(k, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    };
    from.forEach((r, i) => {
      for (const d of r.dependencies) add(built.byDependency, d, i);
      const value = input === undefined ? undefined : r.inputs[input];
      if (typeof value === "string") add(built.byValue, value.toLowerCase(), i);
    });
    index = built;
    byInput.set(key, index);
  }
  const id = to.inputs.id;
  const hits = [...(index.byDependency.get(to.urn) ?? []), ...(input !== undefined && typeof id === "string" ? (index.byValue.get(id.toLowerCase()) ?? []) : [])];
  return [...new Set(hits)].sort((a, b) => a - b).map((i) => from[i]);
}
