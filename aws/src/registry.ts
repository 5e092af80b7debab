import { Environment } from "../../src/naming";
import { approvedFor, requireRegistry } from "../../src/registry/load";
import { McpServerEntry } from "../../src/registry/schema";
import { SERVERS_DIR } from "./paths";
import { ApprovedServer } from "./servers";

/** One registry entry as the AWS form uses it: the gateway target, or why it cannot be one. */
export function toApprovedServer(entry: McpServerEntry): ApprovedServer {
  const base = { name: entry.name, tools: entry.tools, endpoints: entry.endpoints, alwaysOn: entry.availability.mode === "always-on" };
  const t = entry.transport;
  if (t.type === "stdio") return { ...base, notATarget: "a stdio server runs on the developer's machine; AgentCore Gateway targets are HTTPS endpoints" };
  if (t.authentication?.type === "bearer" && t.authentication.secret) return { ...base, http: { url: t.url, secret: t.authentication.secret } };
  return { ...base, notATarget: `upstream authentication ${t.authentication?.type ?? "none"} needs an AgentCore Identity OAuth2 provider with a client registration the registry does not hold` };
}

/** The servers approved and enabled in `stage`, from servers/*.yaml (an InputError lists every problem). */
export function approvedServers(stage: Environment, dir = SERVERS_DIR): ApprovedServer[] {
  return approvedFor(requireRegistry(dir), stage).map(toApprovedServer);
}
