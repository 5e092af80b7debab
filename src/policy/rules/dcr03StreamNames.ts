import { isRecord } from "../../plan/digest";
import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const dcr03StreamNames: PolicyRule = {
  id: "DCR-03",
  title: "Custom streams are declared as Custom-<name> and flow to Custom-<table>_CL",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Name the stream Custom-<name> and send it to outputStream Custom-<table>_CL, the table's exact name.",
  resourceTypes: ["azure-native:monitor:DataCollectionRule"],
  check: ({ inputs }) => {
    const declarations = at(inputs, "streamDeclarations");
    const flows = at(inputs, "dataFlows");
    if (declarations === UNKNOWABLE || flows === UNKNOWABLE) return [];
    const problems = Object.keys(isRecord(declarations) ? declarations : {})
      .filter((name) => !name.startsWith("Custom-"))
      .map((name) => `streamDeclarations.${name}: a declared stream's name must start with Custom-`);
    list(flows).forEach((flow, i) => {
      const output = at({ flow }, "flow.outputStream");
      const custom = list(at({ flow }, "flow.streams")).some((s) => typeof s === "string" && s.startsWith("Custom-"));
      if (custom && output !== UNKNOWABLE && !(typeof output === "string" && /^Custom-[A-Za-z][A-Za-z0-9_]*_CL$/.test(output))) {
        problems.push(`dataFlows[${i}].outputStream is ${JSON.stringify(output ?? "unset")}; a custom stream must flow to Custom-<table>_CL`);
      }
    });
    return problems;
  },
};
