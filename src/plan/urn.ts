import { isRecord, PreviewDigest, PreviewStep, ResourceState } from "./digest";

/**
 * Pulumi URNs as the engine writes them, so `pulumi state`, `--target` and a real `pulumi preview --json`
 * agree with the offline plan. The rule is the engine's, not the SDK mock monitor's (which keeps only the
 * immediate parent type and leaves `pulumi:pulumi:Stack$` in the chain):
 * - pulumi/pulumi pkg/resource/deploy/deployment.go `generateURN`: the parent's whole qualified type
 *   (its URN's third segment) prefixes the child's type, unless the parent is the root stack;
 * - sdk/go/common/resource/urn/urn.go `New`: `urn:pulumi:<stack>::<project>::<parentType$type>::<name>`;
 * - sdk/nodejs/resource.ts `createUrn` builds the same string for aliases.
 */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

const PREFIX = "urn:pulumi:";
const DELIMITER = "::";

export interface UrnParts {
  stack: string;
  project: string;
  /** Parent types and the type, `$`-joined (sdk/go/common/resource/urn `QualifiedType`). */
  qualifiedType: string;
  /** The logical name; it may itself contain `::`. */
  name: string;
}

export function parseUrn(urn: string): UrnParts | undefined {
  if (!urn.startsWith(PREFIX)) return undefined;
  const parts = urn.slice(PREFIX.length).split(DELIMITER);
  if (parts.length < 4) return undefined;
  return { stack: parts[0], project: parts[1], qualifiedType: parts[2], name: parts.slice(3).join(DELIMITER) };
}

/** The URN the engine gives a resource registered with this parent, type and name. */
export function engineUrn(stack: string, project: string, parentUrn: string | undefined, type: string, name: string): string {
  const parentType = parentUrn ? (parseUrn(parentUrn)?.qualifiedType ?? "") : "";
  const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
  return `${PREFIX}${stack}${DELIMITER}${project}${DELIMITER}${qualified}${DELIMITER}${name}`;
}

/** A provider reference is `<provider urn>::<provider id>`; only its URN part is renamed. */
function rewriteProviderRef(ref: string | undefined, rename: (urn: string) => string): string | undefined {
  if (!ref) return ref;
  const cut = ref.lastIndexOf(DELIMITER);
  const urn = cut > 0 && parseUrn(ref.slice(0, cut)) ? ref.slice(0, cut) : ref;
  return rename(urn) + ref.slice(urn.length);
}

/**
 * Rewrites every URN of a digest to the engine's form, recomputed from each resource's parent, type and
 * name. A real preview comes back unchanged; a plan written by mcp-guard before it used the engine's
 * rule (only the immediate parent type, `pulumi:pulumi:Stack$` in the chain) comes back as the engine
 * would have named it, so diffing it against today's plan does not turn every resource into a replace.
 */
export function withEngineUrns(digest: PreviewDigest): PreviewDigest {
  const states = new Map<string, ResourceState>();
  for (const step of digest.steps) for (const s of [step.oldState, step.newState]) if (s) states.set(s.urn, s);
  // A renamer remembers what it renamed; which answer a parent cycle (a hand-edited plan) gets depends
  // on the order of the calls, so the check below uses a renamer of its own.
  const renamer = () => {
    const renamed = new Map<string, string>();
    const rename = (urn: string, seen: Set<string> = new Set()): string => {
      const done = renamed.get(urn);
      if (done !== undefined) return done;
      const parts = parseUrn(urn);
      const state = states.get(urn);
      if (!parts || !state || seen.has(urn)) return urn;
      seen.add(urn);
      const parent = state.parent ? rename(state.parent, seen) : undefined;
      const type = parts.qualifiedType.split("$").pop() ?? state.type;
      const next = engineUrn(parts.stack, parts.project, parent, type, parts.name);
      renamed.set(urn, next);
      return next;
    };
    return rename;
  };
  // A plan already in the engine's form (every real preview, every current plan) comes back as it is:
  // copying each state and walking every input string of a 60,000-step plan found nothing to rename.
  // When every state's URN renames to itself, every rename does (a URN with no state is kept as is).
  const probe = renamer();
  if ([...states.keys()].every((urn) => probe(urn) === urn)) return digest;
  const rename = renamer();
  const restate = (s: ResourceState | undefined): ResourceState | undefined =>
    s && {
      ...s,
      urn: rename(s.urn),
      ...(s.parent ? { parent: rename(s.parent) } : {}),
      ...(s.dependencies ? { dependencies: s.dependencies.map((d) => rename(d)) } : {}),
      ...(s.provider ? { provider: rewriteProviderRef(s.provider, rename) } : {}),
      inputs: renameRefs(s.inputs, rename),
    };
  const steps: PreviewStep[] = digest.steps.map((step) => ({
    ...step,
    urn: rename(step.urn),
    ...(step.provider ? { provider: rewriteProviderRef(step.provider, rename) } : {}),
    ...(step.oldState ? { oldState: restate(step.oldState) } : {}),
    ...(step.newState ? { newState: restate(step.newState) } : {}),
  }));
  return { ...digest, steps };
}

/** Resource references in inputs are reduced to their URN (digest.ts `blindInputs`), so they are renamed too. */
function renameRefs(inputs: Record<string, unknown>, rename: (urn: string) => string): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return parseUrn(v) ? rename(v) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, walk(v)]));
}
