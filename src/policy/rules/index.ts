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
import { kv16RotationSignal } from "./kv16RotationSignal";
import { kv19SecretValueIsSecret } from "./kv19SecretValueIsSecret";
import { kv20VaultName } from "./kv20VaultName";
import { law01NoLocalAuth } from "./law01NoLocalAuth";
import { law02NoPublicIngestion } from "./law02NoPublicIngestion";
import { law03NoPublicQuery } from "./law03NoPublicQuery";
import { law06AccessModeExplicit } from "./law06AccessModeExplicit";
import { law09PerGbSku } from "./law09PerGbSku";
import { law11WorkspaceName } from "./law11WorkspaceName";
import { tbl01CustomTableName } from "./tbl01CustomTableName";
import { tbl02TimeGenerated } from "./tbl02TimeGenerated";
import { tbl03ColumnNames } from "./tbl03ColumnNames";
import { tbl04ColumnTypes } from "./tbl04ColumnTypes";
import { tbl05AnalyticsPlan } from "./tbl05AnalyticsPlan";
import { tbl06ExplicitRetention } from "./tbl06ExplicitRetention";
import { ss01FunctionOverTable } from "./ss01FunctionOverTable";
import { ss02SavedSearchMetadata } from "./ss02SavedSearchMetadata";
import { ss03FunctionAlias } from "./ss03FunctionAlias";
import { ss07QueryLanguageVersion } from "./ss07QueryLanguageVersion";
import { dce02NoPublicAccess } from "./dce02NoPublicAccess";
import { dcr02PinnedEndpoint } from "./dcr02PinnedEndpoint";
import { dcr03StreamNames } from "./dcr03StreamNames";
import { dcr04RedactingTransform } from "./dcr04RedactingTransform";
import { dcr05IngestionRoleOnly } from "./dcr05IngestionRoleOnly";
import { dcr07SingleDestination } from "./dcr07SingleDestination";
import { ampls01PrivateOnlyIngestion } from "./ampls01PrivateOnlyIngestion";
import { ampls02PrivateOnlyQuery } from "./ampls02PrivateOnlyQuery";
import { ampls06GlobalLocation } from "./ampls06GlobalLocation";
import { ag01GlobalEnabled } from "./ag01GlobalEnabled";
import { ag02ShortName } from "./ag02ShortName";
import { ag03CommonAlertSchema } from "./ag03CommonAlertSchema";
import { ag04SecureWebhooks } from "./ag04SecureWebhooks";
import { ag05NoCredentialsInWebhookUri } from "./ag05NoCredentialsInWebhookUri";
import { ag06PublicHttpsWebhook } from "./ag06PublicHttpsWebhook";
import { sqr01LogAlertKind } from "./sqr01LogAlertKind";
import { sqr02ManagedIdentity } from "./sqr02ManagedIdentity";
import { sqr03RuleName } from "./sqr03RuleName";
import { sqr04NotEveryMinute } from "./sqr04NotEveryMinute";
import { sqr05WindowCoversFrequency } from "./sqr05WindowCoversFrequency";
import { sqr06AutoMitigate } from "./sqr06AutoMitigate";
import { sqr07MuteOnlyStateless } from "./sqr07MuteOnlyStateless";
import { sqr08QueryValidation } from "./sqr08QueryValidation";
import { sqr09ActionableRule } from "./sqr09ActionableRule";
import { diag01KeyVaultAudit } from "./diag01KeyVaultAudit";
import { diag02AppServiceLogs } from "./diag02AppServiceLogs";
import { diag04WorkspaceQueryAudit } from "./diag04WorkspaceQueryAudit";
import { diag05DataCollectionRuleErrors } from "./diag05DataCollectionRuleErrors";
import { diag07ToWorkspace } from "./diag07ToWorkspace";
import { diag08NoLegacyRetention } from "./diag08NoLegacyRetention";
import { net01SubnetNsg } from "./net01SubnetNsg";
import { net03EndpointPolicies } from "./net03EndpointPolicies";
import { net04IntegrationSubnet } from "./net04IntegrationSubnet";
import { nsg01NoInternetInbound } from "./nsg01NoInternetInbound";
import { nsg02NoRemoteAdmin } from "./nsg02NoRemoteAdmin";
import { pe01GroupForTarget } from "./pe01GroupForTarget";
import { pe03KnownZone } from "./pe03KnownZone";
import { pe04ResolveOnlyLinks } from "./pe04ResolveOnlyLinks";
import { app01HttpsOnly } from "./app01HttpsOnly";
import { app02MinTls } from "./app02MinTls";
import { app04NoPublicAccess } from "./app04NoPublicAccess";
import { app05PrivateLinkSku } from "./app05PrivateLinkSku";
import { app06NoFtp } from "./app06NoFtp";
import { app07NoBasicAuthPublishing } from "./app07NoBasicAuthPublishing";
import { app08NoRemoteDebugging } from "./app08NoRemoteDebugging";
import { app09ManagedIdentity } from "./app09ManagedIdentity";
import { app10KeyVaultReferences } from "./app10KeyVaultReferences";
import { app11VnetIntegration } from "./app11VnetIntegration";
import { app12RouteAllOutbound } from "./app12RouteAllOutbound";
import { app14NoWildcardCors } from "./app14NoWildcardCors";
import { app20NoSessionAffinity } from "./app20NoSessionAffinity";
import { app15EdgeAuthRequired } from "./app15EdgeAuthRequired";
import { auth01Unauthenticated401 } from "./auth01Unauthenticated401";
import { auth02NoTokenStore } from "./auth02NoTokenStore";
import { auth03AllowedAudiences } from "./auth03AllowedAudiences";
import { tag01OwnershipTags } from "./tag01OwnershipTags";
import { prd01ProdKeepsItsStrength } from "./prd01ProdKeepsItsStrength";
import { lock01DeliberateLocks } from "./lock01DeliberateLocks";
import { qry01PublishedQuery } from "./qry01PublishedQuery";
import { pip01EgressAddress } from "./pip01EgressAddress";

/** Every resource rule mcp-guard enforces, one file each; the plan, the diff and the CrossGuard pack all read this list. */
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
  kv16RotationSignal,
  kv19SecretValueIsSecret,
  kv20VaultName,
  law01NoLocalAuth,
  law02NoPublicIngestion,
  law03NoPublicQuery,
  law06AccessModeExplicit,
  law09PerGbSku,
  law11WorkspaceName,
  tbl01CustomTableName,
  tbl02TimeGenerated,
  tbl03ColumnNames,
  tbl04ColumnTypes,
  tbl05AnalyticsPlan,
  tbl06ExplicitRetention,
  ss01FunctionOverTable,
  ss02SavedSearchMetadata,
  ss03FunctionAlias,
  ss07QueryLanguageVersion,
  dce02NoPublicAccess,
  dcr02PinnedEndpoint,
  dcr03StreamNames,
  dcr04RedactingTransform,
  dcr05IngestionRoleOnly,
  dcr07SingleDestination,
  ampls01PrivateOnlyIngestion,
  ampls02PrivateOnlyQuery,
  ampls06GlobalLocation,
  ag01GlobalEnabled,
  ag02ShortName,
  ag03CommonAlertSchema,
  ag04SecureWebhooks,
  ag05NoCredentialsInWebhookUri,
  ag06PublicHttpsWebhook,
  sqr01LogAlertKind,
  sqr02ManagedIdentity,
  sqr03RuleName,
  sqr04NotEveryMinute,
  sqr05WindowCoversFrequency,
  sqr06AutoMitigate,
  sqr07MuteOnlyStateless,
  sqr08QueryValidation,
  sqr09ActionableRule,
  diag01KeyVaultAudit,
  diag02AppServiceLogs,
  diag04WorkspaceQueryAudit,
  diag05DataCollectionRuleErrors,
  diag07ToWorkspace,
  diag08NoLegacyRetention,
  net01SubnetNsg,
  net03EndpointPolicies,
  net04IntegrationSubnet,
  nsg01NoInternetInbound,
  nsg02NoRemoteAdmin,
  pe01GroupForTarget,
  pe03KnownZone,
  pe04ResolveOnlyLinks,
  app01HttpsOnly,
  app02MinTls,
  app04NoPublicAccess,
  app05PrivateLinkSku,
  app06NoFtp,
  app07NoBasicAuthPublishing,
  app08NoRemoteDebugging,
  app09ManagedIdentity,
  app10KeyVaultReferences,
  app11VnetIntegration,
  app12RouteAllOutbound,
  app14NoWildcardCors,
  app20NoSessionAffinity,
  app15EdgeAuthRequired,
  auth01Unauthenticated401,
  auth02NoTokenStore,
  auth03AllowedAudiences,
  tag01OwnershipTags,
  prd01ProdKeepsItsStrength,
  lock01DeliberateLocks,
  qry01PublishedQuery,
  pip01EgressAddress,
];
