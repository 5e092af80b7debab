import { PRIVATE_DNS_ZONES } from "../../privateLink";
import { propertyRule, shown } from "../inputs";

const ZONES: string[] = Object.values(PRIVATE_DNS_ZONES).flat();

export const pe03KnownZone = propertyRule({
  id: "PE-03",
  title: "Private DNS zones carry the privatelink names their services resolve",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Name the private DNS zone after the service's privatelink zone (src/privateLink.ts lists them).",
  resourceTypes: ["azure-native:privatedns:PrivateZone"],
  path: "privateZoneName",
  ok: (v) => typeof v === "string" && ZONES.includes(v),
  message: (v) => `privateZoneName is ${shown(v)}; allowed ${ZONES.join(", ")}`,
});
