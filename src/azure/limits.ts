/**
 * Azure's own limits that stack config can run into. Azure enforces them only when a resource is saved,
 * part-way through `pulumi up`; checking them in config turns a half-applied deployment into one line
 * before anything is registered.
 */

/**
 * Email receivers per action group (Learn: Azure Monitor service limits, "Action groups": 1,000 email
 * actions in an action group).
 */
export const MAX_EMAIL_RECEIVERS = 1000;

/** IP rules per Key Vault firewall (Learn: Configure Azure Key Vault networking settings; 1,000 IP rules, 200 virtual network rules). */
export const MAX_KEY_VAULT_IP_RULES = 1000;

/**
 * Tags per resource and their sizes (Learn: "Use tags to organize your Azure resources", Limitations):
 * 50 name-value pairs per resource, names up to 512 characters without `< > % & \ ? /`, values up to 256.
 * Tag names are case-insensitive, so two names that differ only in case are the same tag.
 */
export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_TAG_NAME = 512;
export const MAX_TAG_VALUE = 256;
const TAG_NAME_FORBIDDEN = /[<>%&\\?/]/;
/**
 * Prefixes Azure keeps for itself: tag names may not start with azure, microsoft or windows (the same
 * Learn page), and the portal reads `hidden-` tags (hidden-title, hidden-link:) as its own display
 * metadata, so a user's tag there changes what the portal shows.
 */
const RESERVED_TAG_PREFIXES = ["azure", "microsoft", "windows", "hidden-"];

/** Tags mcp-guard writes itself: set from config they would be overwritten, or forge a policy exception. */
export const STANDARD_TAGS: readonly string[] = ["environment", "workload", "managed-by", "project"];
export const RESERVED_TAG_PREFIX_OWN = "mcp-guard-exception-";
/** The most tags a component adds to one resource besides the standard ones (a secret's owner and rotation-days). */
const COMPONENT_TAGS = 2;
/** How many tags config may add, so no resource passes Azure's 50. */
export const MAX_CONFIG_TAGS = MAX_TAGS_PER_RESOURCE - STANDARD_TAGS.length - COMPONENT_TAGS;

/** Every problem with user tags besides their lengths (MAX_TAG_NAME, MAX_TAG_VALUE, checked by the schema), each `<tag>: <problem>` or, for the whole map, `: <problem>` with an empty tag. */
export function tagProblems(tags: Record<string, string>): { tag?: string; message: string }[] {
  const problems: { tag?: string; message: string }[] = [];
  const names = Object.keys(tags);
  if (names.length > MAX_CONFIG_TAGS) {
    problems.push({ message: `has ${names.length} tags; allowed at most ${MAX_CONFIG_TAGS} (Azure allows ${MAX_TAGS_PER_RESOURCE} per resource and mcp-guard sets up to ${MAX_TAGS_PER_RESOURCE - MAX_CONFIG_TAGS} itself)` });
  }
  const seen = new Map<string, string>();
  for (const name of names) {
    const lower = name.toLowerCase();
    const shown = JSON.stringify(name);
    const first = seen.get(lower);
    if (first !== undefined) problems.push({ tag: name, message: `${shown} is the same tag as ${JSON.stringify(first)} (Azure tag names are case-insensitive)` });
    else seen.set(lower, name);
    if (name.trim().length === 0) problems.push({ tag: name, message: "is an empty tag name" });
    else if (TAG_NAME_FORBIDDEN.test(name)) problems.push({ tag: name, message: `${shown} contains one of < > % & \\ ? /, which Azure refuses in tag names` });
    else if (/\p{Cc}/u.test(name)) problems.push({ tag: name, message: `${shown} contains a control character` });
    const prefix = RESERVED_TAG_PREFIXES.find((p) => lower.startsWith(p));
    if (prefix) problems.push({ tag: name, message: `${shown} starts with ${JSON.stringify(prefix)}, a prefix Azure reserves; choose another name` });
    if (STANDARD_TAGS.includes(lower)) problems.push({ tag: name, message: `${shown} is set by mcp-guard itself (${STANDARD_TAGS.join(", ")}); remove it (the environment key and the stack set it)` });
    if (lower.startsWith(RESERVED_TAG_PREFIX_OWN)) problems.push({ tag: name, message: `${shown} is a policy exception tag; exceptions are written by the components with their reason, never set from config` });
  }
  return problems;
}
