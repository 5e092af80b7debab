import { propertyRule, shown } from "../inputs";

export const app07NoBasicAuthPublishing = propertyRule({
  id: "APP-07",
  title: "Basic-auth publishing is off for FTP and SCM",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Disable basic-auth publishing: set allow: false on the ftp and scm basicPublishingCredentialsPolicies.",
  resourceTypes: ["azure-native:web:WebAppFtpAllowed", "azure-native:web:WebAppScmAllowed"],
  path: "allow",
  ok: (v) => v === false,
  message: (v) => `allow is ${shown(v)}; set it to false so publishing needs Entra credentials`,
});
