import { approvedServers } from "../src/registry";

describe("the registry as the AWS form reads it", () => {
  it("takes the servers approved and enabled in each stage", () => {
    expect(approvedServers("prod").map((s) => s.name)).toEqual(["azure-devops", "github"]);
    expect(approvedServers("dev").map((s) => s.name).sort()).toEqual(["azure-devops", "database", "filesystem", "github"]);
  });

  it("makes a bearer-authenticated HTTP server a gateway target and says why the others are not", () => {
    const dev = approvedServers("dev");
    expect(dev.find((s) => s.name === "database")?.http).toEqual({ url: "https://mcp.contoso.com/database", secret: "mcp-gateway-bearer-token" });
    expect(dev.find((s) => s.name === "github")?.notATarget).toBe("a stdio server runs on the developer's machine; AgentCore Gateway targets are HTTPS endpoints");
  });

  it("watches only always-on servers for silence", () => {
    expect(approvedServers("dev").filter((s) => s.alwaysOn).map((s) => s.name).sort()).toEqual(["azure-devops", "github"]);
  });
});
