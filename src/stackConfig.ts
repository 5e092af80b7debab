import * as pulumi from "@pulumi/pulumi";
import { isConfigSecret } from "@pulumi/pulumi/runtime/config";
import { RawConfig } from "./config";

declare module "@pulumi/pulumi/runtime/config" {
  /**
   * Whether a config key was set with `--secret`. The SDK marks it @internal, so its .d.ts omits it,
   * but it is the function `Config.get` itself uses to warn about secrets; test/stackConfig.test.ts
   * fails if an SDK upgrade removes it.
   */
  export function isConfigSecret(k: string): boolean;
}

/** The running stack's config, as the Pulumi engine (or the offline plan's mocks) provides it. */
export function readStackConfig(): RawConfig {
  const values = pulumi.runtime.allConfig();
  return {
    project: pulumi.getProject(),
    stack: pulumi.getStack(),
    values,
    secretKeys: Object.keys(values).filter((k) => isConfigSecret(k)),
  };
}
