import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

/** Implements the lock rows KV-18, LAW-12 and AG-08: a lock that says why it is there. */
export const lock01DeliberateLocks: PolicyRule = {
  id: "LOCK-01",
  title: "Management locks protect against deletion and say why they exist",
  enforcement: "advisory",
  severity: "low",
  remediation: "Give each lock level CanNotDelete and notes that say why it exists.",
  resourceTypes: ["azure-native:authorization:ManagementLockByScope"],
  check: ({ inputs }) => {
    const level = at(inputs, "level");
    const notes = at(inputs, "notes");
    return [
      ...(level === UNKNOWABLE || level === "CanNotDelete" || level === "ReadOnly" ? [] : [`level is ${JSON.stringify(level ?? "unset")}; use CanNotDelete`]),
      ...(notes === UNKNOWABLE || (typeof notes === "string" && notes.trim().length > 0) ? [] : ["notes is empty; say why the lock exists and how to remove it deliberately"]),
    ];
  },
};
