import * as path from "node:path";
import { PolicyPack } from "@pulumi/policy";
import { packPolicies } from "../src/policy/pack";
import { loadSuppressions } from "../src/policy/suppressions";

// The pack's entry: wiring only. Constructing the PolicyPack starts its gRPC server, so nothing else
// (tests, the library) imports this file.
new PolicyPack("mcp-guard", { policies: packPolicies(loadSuppressions(path.join(__dirname, "suppressions.yaml"))) });
