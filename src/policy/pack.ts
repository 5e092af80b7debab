import type { Policy, PolicyResource, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { exceptionReason } from "../policyExceptions";
import { ALL_RULES } from "./rules";
import { StackResource, StackRule } from "./stack";
import { STACK_RULES } from "./stackRules";
import { Suppression, suppressionFor } from "./suppressions";
import { Enforcement, parameterDefaults, PolicyRule, RuleParameters, Severity } from "./types";
import { policyDocsUrl } from "./docsUrl";

/*
 * The CrossGuard wiring of the rules in rules/ and stackRules/: no second copy of any check. Building
 * the policies starts nothing; only policy/index.ts constructs the PolicyPack, which starts a server.
 * Enforcement per rule comes from Pulumi's pack config (--policy-pack-config: mandatory, advisory or
 * disabled); suppressions come from policy/suppressions.yaml; exception tags on a resource count too.
 */

/**
 * The error CrossGuard's proxy throws on touching a value unknown until deployment, recognised by its
 * shape: `npm install` inside policy/ (the documented pack step) gives the policy server its own copy
 * of @pulumi/policy, whose UnknownValueError class is not this module's, so `instanceof` would miss it.
 * The shape is the class's constructor in @pulumi/policy 1.21.0 proxy.js (unknownTypeSentinel, props).
 */
export function isUnknownValueError(err: unknown): boolean {
  return err instanceof Error && "unknownTypeSentinel" in err && "props" in err && Array.isArray(err.props);
}

/**
 * Runs a check through CrossGuard's unknown-checking proxy. Touching a value that is unknown until
 * deployment throws; the rule cannot judge it yet, which mcp-guard's rules treat as no finding (the
 * policy server would otherwise add an advisory "can't run during preview" note for every such rule).
 */
function judged<T>(check: () => T[]): T[] {
  try {
    return check();
  } catch (err) {
    if (isUnknownValueError(err)) return [];
    throw err;
  }
}

const level = (r: { enforcement: Enforcement }): Policy["enforcementLevel"] => r.enforcement;
const policyName = (id: string) => `mcp-guard-${id.toLowerCase()}`;

/** What CrossGuard and Pulumi Cloud show beside a finding: severity, the fix, and the rule's row in docs/policy.md. */
function metadata(rule: { id: string; title: string; severity: Severity; remediation: string }): Pick<Policy, "displayName" | "severity" | "remediationSteps" | "url" | "tags"> {
  const url = policyDocsUrl(rule.id);
  return { displayName: `${rule.id} ${rule.title}`, severity: rule.severity, remediationSteps: rule.remediation, tags: ["mcp-guard", rule.id.split("-")[0].toLowerCase()], ...(url ? { url } : {}) };
}

/** One resource policy per rule: its checks, minus exceptions and suppressions. */
export function resourcePolicy(rule: PolicyRule, suppressions: readonly Suppression[]): ResourceValidationPolicy {
  return {
    name: policyName(rule.id),
    description: `${rule.id}: ${rule.title}`,
    enforcementLevel: level(rule),
    ...metadata(rule),
    ...(rule.parameters ? { configSchema: { properties: rule.parameters } } : {}),
    validateResource: (args, reportViolation) => {
      if (!rule.resourceTypes.includes(args.type)) return;
      if (judged(() => [exceptionReason(args.props.tags, rule.id)]).some(Boolean) || suppressionFor(suppressions, rule.id, args.name)) return;
      // The pack config may set some parameters; the others keep the rule's defaults (the offline plan's values).
      const parameters: RuleParameters = rule.parameters ? { ...parameterDefaults(rule), ...args.getConfig<Record<string, number>>() } : {};
      for (const message of judged(() => rule.check({ type: args.type, name: args.name, urn: args.urn, inputs: args.props, protect: args.opts.protect }, parameters))) reportViolation(message, args.urn);
    },
  };
}

function asStackResource(r: PolicyResource): StackResource {
  return { urn: r.urn, type: r.type, name: r.name, inputs: r.props, dependencies: r.dependencies.map((d) => d.urn) };
}

export function stackPolicy(rule: StackRule, suppressions: readonly Suppression[], resourceRules: readonly PolicyRule[] = ALL_RULES): StackValidationPolicy {
  return {
    name: policyName(rule.id),
    description: `${rule.id}: ${rule.title}`,
    enforcementLevel: level(rule),
    ...metadata(rule),
    validateStack: (args, reportViolation: ReportViolation) => {
      const resources = args.resources.map(asStackResource);
      for (const finding of judged(() => rule.check(resources, resourceRules))) {
        const target = resources.find((r) => r.urn === finding.urn);
        if (exceptionReason(target?.inputs.tags, rule.id) || suppressionFor(suppressions, rule.id, target?.name ?? "")) continue;
        reportViolation(`${target?.name ?? finding.urn}: ${finding.message}`, finding.urn);
      }
    },
  };
}

/** Reports every suppression and exception in use, so CrossGuard output shows what was waived and why. */
export function waiverPolicy(suppressions: readonly Suppression[]): ResourceValidationPolicy {
  const ids = [...ALL_RULES, ...STACK_RULES].map((r) => r.id);
  return {
    name: "mcp-guard-waivers",
    description: "Lists the rules waived for a resource (exception tag or policy/suppressions.yaml) with the written reason",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
      for (const id of ids) {
        const tag = judged(() => [exceptionReason(args.props.tags, id)])[0];
        const suppressed = suppressionFor(suppressions, id, args.name);
        if (tag) reportViolation(`${id} waived for ${args.name} by its exception tag: ${tag}`, args.urn);
        if (suppressed) reportViolation(`${id} waived for ${args.name} by policy/suppressions.yaml: ${suppressed.reason}`, args.urn);
      }
    },
  };
}

/** Every policy of the pack, in rule order. */
export function packPolicies(suppressions: readonly Suppression[] = []): (ResourceValidationPolicy | StackValidationPolicy)[] {
  return [...ALL_RULES.map((r) => resourcePolicy(r, suppressions)), ...STACK_RULES.map((r) => stackPolicy(r, suppressions)), waiverPolicy(suppressions)];
}
