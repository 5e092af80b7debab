import { propertyRule, shown } from "../inputs";

export const ag02ShortName = propertyRule({
  id: "AG-02",
  title: "Action group short names are at most 12 characters",
  enforcement: "mandatory",
  severity: "medium",
  remediation: "Shorten groupShortName to 12 characters or fewer; SMS and voice notifications show it and Azure rejects longer names.",
  resourceTypes: ["azure-native:monitor:ActionGroup"],
  path: "groupShortName",
  ok: (v) => typeof v === "string" && v.length >= 1 && v.length <= 12,
  message: (v) => `groupShortName is ${shown(v)}; use 1 to 12 characters (it prefixes every SMS and email subject)`,
});
