import { PolicyRule } from "../types";
import { kv01RbacAuthorization } from "./kv01RbacAuthorization";
import { kv02SoftDelete } from "./kv02SoftDelete";
import { kv03SoftDeleteRetention } from "./kv03SoftDeleteRetention";
import { kv04PurgeProtection } from "./kv04PurgeProtection";
import { kv05PublicNetworkAccess } from "./kv05PublicNetworkAccess";
import { kv06FirewallDefaultDeny } from "./kv06FirewallDefaultDeny";
import { kv07NoTrustedServiceBypass } from "./kv07NoTrustedServiceBypass";
import { kv08NoPlatformAccess } from "./kv08NoPlatformAccess";
import { kv11SecretExpiry } from "./kv11SecretExpiry";
import { kv12SecretContentType } from "./kv12SecretContentType";
import { kv14NoBroadAccessPolicies } from "./kv14NoBroadAccessPolicies";
import { kv15NoKeyVaultAdministrator } from "./kv15NoKeyVaultAdministrator";
import { kv19SecretValueIsSecret } from "./kv19SecretValueIsSecret";
import { kv20VaultName } from "./kv20VaultName";

/** Every rule mcp-guard enforces, one file each; the plan, the diff and the CrossGuard pack all read this list. */
export const ALL_RULES: readonly PolicyRule[] = [
  kv01RbacAuthorization,
  kv02SoftDelete,
  kv03SoftDeleteRetention,
  kv04PurgeProtection,
  kv05PublicNetworkAccess,
  kv06FirewallDefaultDeny,
  kv07NoTrustedServiceBypass,
  kv08NoPlatformAccess,
  kv11SecretExpiry,
  kv12SecretContentType,
  kv14NoBroadAccessPolicies,
  kv15NoKeyVaultAdministrator,
  kv19SecretValueIsSecret,
  kv20VaultName,
];
