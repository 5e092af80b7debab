import { cidrProblem, isPrivateRange, parseCidr, specialAddress, specialRangeOverlap } from "./cidr";

/**
 * Why a CIDR may not pass a Key Vault firewall, or undefined: public IPv4 only, /8 or narrower, with no
 * host bits set. Shared by the component, the config check and rule KV-05, so all three agree on what
 * "narrow" and "public" mean. Key Vault takes public addresses only (Learn: Configure Azure Key Vault
 * networking settings); shared, link-local, documentation and other special-purpose ranges are no
 * client's public address either (src/cidr.ts).
 */
export function firewallRangeProblem(cidr: string): string | undefined {
  const c = parseCidr(cidr);
  if (!c) return cidrProblem(cidr) ?? `${JSON.stringify(cidr)} is not an IPv4 CIDR range`;
  if (c.prefix < 8) return `${JSON.stringify(cidr)} opens the vault to a large part of the internet; allowed /8 or narrower`;
  if (isPrivateRange(c)) return `${JSON.stringify(cidr)} is a private range; Key Vault firewall rules take public addresses only (use the private endpoint)`;
  const special = specialRangeOverlap(c);
  if (special) return `${JSON.stringify(cidr)} overlaps ${special.cidr.text} (${special.name}); Key Vault firewall rules take public addresses only`;
  return undefined;
}

/** Why a webhook URI carries credentials (a plain webhook's basic auth travels in it), or undefined. AG-05. */
export function webhookCredentialsProblem(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.username || url.password || url.search ? "the URI carries credentials (user info or a query string); use an Entra-secured webhook and keep secrets out of URIs (value not shown)" : undefined;
  } catch {
    return undefined;
  }
}

/** Host names that never resolve to a public address: RFC 6761's localhost, mDNS's .local, and cloud-internal names. */
const INTERNAL_NAME = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/;

/**
 * Why Azure Monitor could not call a webhook URI: not a URL, not HTTPS, or not a public host. A
 * link-local or metadata address (169.254.169.254) or Azure's platform address is refused too: even
 * where something answers, it is the platform's endpoint, never the security team's. AG-06.
 */
export function webhookTargetProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `${JSON.stringify(uri)} is not a URL`;
  }
  if (url.protocol !== "https:") return `${JSON.stringify(uri)} is not HTTPS`;
  // The URL parser has already turned 0x7f.1, 2130706433 and similar spellings into dotted form.
  const host = url.hostname.replace(/\.$/, "");
  const special = specialAddress(host);
  if (special) return `${JSON.stringify(host)} is in ${special.cidr.text} (${special.name}), not a public host; action groups call webhooks from Azure Monitor's public service`;
  if (host.startsWith("[") || INTERNAL_NAME.test(host) || !host.includes(".")) {
    return `${JSON.stringify(host)} is not a public host; action groups call webhooks from Azure Monitor's public service`;
  }
  return undefined;
}

/** Why a URI may not be an action group webhook, or undefined: the config check and the component use it. */
export function webhookUriProblem(uri: string): string | undefined {
  return webhookTargetProblem(uri) ?? webhookCredentialsProblem(uri);
}
