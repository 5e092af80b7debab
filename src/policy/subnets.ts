import { at, list, UNKNOWABLE } from "./inputs";

/** A VNet's inline subnets as rules read them; none when the list is unknown until deployment. */
export function subnetsOf(inputs: Record<string, unknown>): { index: number; name: string; get: (path: string) => unknown }[] {
  const subnets = at(inputs, "subnets");
  if (subnets === UNKNOWABLE) return [];
  return list(subnets).map((s, index) => ({ index, name: String(at({ s }, "s.name") ?? index), get: (path: string) => at({ s }, `s.${path}`) }));
}
