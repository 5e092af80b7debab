import * as pulumi from "@pulumi/pulumi";

/**
 * Aliases tell the engine which earlier state a resource continues; the offline plan has no state, so
 * there they only cost: azure-native gives every resource one alias per API version of its type
 * (a keyvault.Secret 20, a PrivateEndpoint 45), and each becomes Output chains and URNs. Dropped for
 * the offline plan only: a real `pulumi up` never runs this, and must keep them to find its state.
 */
export const dropAliases: pulumi.ResourceTransformation = ({ props, opts }) => ({ props, opts: { ...opts, aliases: undefined } });

/** Registers the offline plan's own stack transformations; call inside the plan's root stack, before the program loads. */
export function registerPlanOnlyTransforms(): void {
  pulumi.runtime.registerStackTransformation(dropAliases);
}
