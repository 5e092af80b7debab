import { at, list, UNKNOWABLE } from "./inputs";

/**
 * Whether a diagnostic setting on a resource of the given ARM type collects the wanted logs: rules
 * DIAG-01, 04 and 05 share it. Undefined when the setting is for another type or cannot be judged yet.
 */
export function collects(inputs: Record<string, unknown>, armType: RegExp, accepted: { groups: string[]; categories: string[] }): boolean | undefined {
  const uri = at(inputs, "resourceUri");
  const logs = at(inputs, "logs");
  if (uri === UNKNOWABLE || logs === UNKNOWABLE || typeof uri !== "string" || !armType.test(uri)) return undefined;
  return list(logs).some((l) => {
    if (at({ l }, "l.enabled") !== true) return false;
    const group = at({ l }, "l.categoryGroup");
    const category = at({ l }, "l.category");
    return (typeof group === "string" && accepted.groups.includes(group)) || (typeof category === "string" && accepted.categories.includes(category));
  });
}
