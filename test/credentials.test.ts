import { credentialShape } from "../src/credentials";

/*
 * credentialShape first tests one alternation of every shape (src/credentials.ts) and only then the
 * shapes one by one. Each shape must still be found through that first test, in the middle of prose
 * where it is not anchored; built here, so the file holds no credential-shaped literal.
 */
const examples: [string, string][] = [
  [`token ghp_${"a1B2".repeat(9)} pasted`, "a GitHub token"],
  [`token github_pat_${"A1".repeat(11)} pasted`, "a GitHub token"],
  [`token glpat-${"x".repeat(20)} pasted`, "a GitLab token"],
  [`token xoxb-${"1234567890"} pasted`, "a Slack token"],
  [`key AKIA${"ABCDEFGH12345678"} pasted`, "an AWS access key"],
  [`key sk-proj-${"a".repeat(20)} pasted`, "an API key"],
  [`bearer eyJ${"h".repeat(8)}.eyJ${"p".repeat(8)}.sig pasted`, "a JSON web token"],
  [`-----BEGIN RSA PRIVATE KEY-----\n${"M".repeat(64)}`, "a private key"],
  [`Endpoint=sb://x;SharedAccessKey=${"k".repeat(12)}`, "a connection string with a key or password"],
  [`https://x.blob.core.windows.net/c?sv=1&sig=${"s".repeat(12)}`, "a URL that carries a signature or token"],
  [`abc8Q~${"a".repeat(32)}`, "an Entra client secret"],
];

describe("credentialShape", () => {
  it.each(examples)("finds %j as %s", (text, kind) => {
    expect(credentialShape(text)).toBe(kind);
  });

  it("passes prose, and the case-insensitive first test does not widen a case-sensitive shape", () => {
    for (const text of ["Search repositories, read files and list issues", "https://api.github.com/repos", "akia" + "abcdefgh12345678", "GHP_" + "a1B2".repeat(9), `x abc8Q~${"a".repeat(32)}`]) {
      expect(credentialShape(text)).toBeUndefined();
    }
  });
});
