import { LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import { blindRecord } from "../src/plan/digest";
import { OfflineAzureMocks } from "../src/plan/mocks";
import { toDigest } from "../src/plan/offlinePlan";
import { readProjectFile, readStackConfig, stackFilePath } from "../src/plan/projectFiles";
import { RecordingMonitor } from "../src/plan/recordingMonitor";
import { ENGINE_FEATURES, startFakeEngine } from "./engine/fakeEngine";
import { languageHostCommand, runLanguageHost } from "./engine/languageHost";
import { planStack, ROOT } from "./helpers";

/*
 * The proof that `pulumi preview` / `pulumi up` compile and run index.ts as the offline plan does: the
 * program is started the way Pulumi's Node language host starts it (its cmd/run entry, arguments and
 * environment), against a resource monitor and engine that speak Pulumi's gRPC protocol on 127.0.0.1,
 * and everything it registers is compared with the offline plan of the same stack.
 */
const project = readProjectFile(ROOT);
const STACKS = ["dev", "staging", "prod"];

describe("the program under Pulumi's Node language host", () => {
  it("gets the command line and environment the language host builds", () => {
    const config = { values: { "mcp-guard:environment": "dev", "mcp-guard:alertEmails": '["a@example.com"]' }, secretKeys: ["mcp-guard:secretValues"] };
    const { args, env } = languageHostCommand({ project, projectDir: ROOT, stack: "dev", config, monitorAddress: "127.0.0.1:1", engineAddress: "127.0.0.1:2" });
    expect(args[0]).toMatch(/node_modules\/@pulumi\/pulumi\/cmd\/run$/);
    expect(args.slice(1, 12)).toEqual(["--monitor", "127.0.0.1:1", "--engine", "127.0.0.1:2", "--project", "mcp-guard", "--root-directory", ROOT, "--stack", "dev", "--pwd"]);
    expect(args).toContain("--dry-run");
    expect(args[args.length - 1]).toBe("index.ts");
    expect(JSON.parse(env.PULUMI_CONFIG ?? "")).toEqual({ "mcp-guard:config:environment": "dev", "mcp-guard:config:alertEmails": '["a@example.com"]' });
    expect(JSON.parse(env.PULUMI_CONFIG_SECRET_KEYS ?? "")).toEqual(["mcp-guard:secretValues"]);
    expect(env.PULUMI_NODEJS_TYPESCRIPT).toBe("true");
  });

  for (const stack of STACKS) {
    it(
      `registers in ${stack} exactly what the offline plan records: types, names, URNs, inputs, protect, parents, dependencies, outputs`,
      async () => {
        const config = readStackConfig(project, stackFilePath(project, stack));
        const monitor = new RecordingMonitor(new OfflineAzureMocks(), project.name, stack, ENGINE_FEATURES);
        const engine = await startFakeEngine(monitor);
        let run: Awaited<ReturnType<typeof runLanguageHost>>;
        try {
          run = await runLanguageHost({ project, projectDir: ROOT, stack, config, monitorAddress: engine.monitorAddress, engineAddress: engine.engineAddress });
        } finally {
          await engine.close();
        }
        const problems = engine.logs.filter((l) => l.severity >= LogSeverity.WARNING).map((l) => l.message);
        expect({ code: run.code, problems, stderr: run.stderr }).toEqual({ code: 0, problems: [], stderr: "" });
        // ts-node type-checked index.ts on the way (cmd/run leaves transpileOnly off unless tsconfig says noCheck).
        expect(engine.logs.map((l) => l.message)).toContain("Using vendored ts-node@7.0.1");

        // The run's offline plan of this stack (test/globalSetup.ts), made by the same runPlan.
        const offline = await planStack(stack);
        const engineDigest = toDigest(monitor.registrations, config);
        expect(engineDigest.steps.length).toBe(offline.digest.steps.length);
        for (const [i, step] of engineDigest.steps.entries()) expect(step).toEqual(offline.digest.steps[i]);
        expect(JSON.stringify(engineDigest)).toBe(JSON.stringify(offline.digest));
        expect(blindRecord(monitor.stackOutputs)).toEqual(offline.outputs);
        expect(Object.keys(offline.outputs).length).toBeGreaterThan(0);
      },
      600_000,
    );
  }
});
