import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

interface Sample {
  seconds: number;
  rssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[], unit: string, digits = 2) => `${median(xs).toFixed(digits)} ${unit} (${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)})`;

/**
 * The AWS form's prod stage as `npm run synth -w aws -- --stage prod` runs it (cdk-nag, the mcp-guard
 * pack, the registry, the alerts and the catalog), once with aws-cdk-lib's built-in CloudFormation
 * validation and once without it, which is how the unit tests synthesize. `repeat` is run.ts's measured
 * whole-process runner.
 */
export function awsSynthBench(repeat: (args: string[], cwd: string) => Sample[], root: string): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-bench-aws-"));
  const synth = path.join(root, "aws/bin/synth.ts");
  // tsx as a loader in the measured process itself: its CLI would run the synth in a child the memory figure misses.
  const withValidation = repeat(["--require", "tsx/cjs", synth, "--stage", "prod", "--outdir", outdir], root);
  const withoutValidation = repeat(["--require", "tsx/cjs", synth, "--stage", "prod", "--outdir", outdir, "--no-validation"], root);
  const template = JSON.parse(fs.readFileSync(path.join(outdir, "mcp-guard-prod.template.json"), "utf8"));
  const resources = Object.keys(template.Resources).length;
  fs.rmSync(outdir, { recursive: true, force: true });
  process.stderr.write(`aws prod synth: ${fmt(withValidation.map((s) => s.seconds), "s")}\n`);
  return [
    "## AWS form: prod stage synthesis",
    "",
    `\`npm run synth -w aws -- --stage prod\` (aws/bin/synth.ts): ${resources} CloudFormation resources, cdk-nag AwsSolutions and the mcp-guard rule pack included.`,
    "",
    "| synthesis | wall time | peak memory |",
    "|---|---|---|",
    `| with the built-in CloudFormation validation (the default, and the e2e test) | ${fmt(withValidation.map((s) => s.seconds), "s")} | ${fmt(withValidation.map((s) => s.rssMb), "MB", 0)} |`,
    `| without it (\`--no-validation\`, as the unit tests synthesize) | ${fmt(withoutValidation.map((s) => s.seconds), "s")} | ${fmt(withoutValidation.map((s) => s.rssMb), "MB", 0)} |`,
    "",
  ];
}
