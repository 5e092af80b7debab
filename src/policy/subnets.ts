import { entries } from "./inputs";

/** A VNet's inline subnets as rules read them, each with its name; none when the list is unknown until deployment. */
export function subnetsOf(inputs: Record<string, unknown>): { index: number; name: string; get: (path: string) => unknown }[] {
  return entries(inputs, "subnets").map((s) => ({ ...s, name: String(s.get("name") ?? s.index) }));
}
