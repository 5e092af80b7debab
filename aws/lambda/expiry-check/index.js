"use strict";
/*
 * Daily check of the MCP secrets' `expires` tags: Secrets Manager has no expiry attribute, so the tag
 * the stack writes (the catalog's expires date) is the only record of when the credential dies.
 * The AWS SDK is the one the Lambda Node.js runtime ships; it is required inside the handler so the
 * pure part below is testable without it.
 */

const DAY_MS = 86400000;

/** Secrets whose `expires` tag is at most `warningDays` away (or past), oldest first. */
function expiringSecrets(secrets, today, warningDays) {
  const found = [];
  for (const s of secrets) {
    const tag = (s.Tags || []).find((t) => t.Key === "expires");
    if (!tag || !/^\d{4}-\d{2}-\d{2}$/.test(tag.Value)) continue;
    const daysLeft = Math.floor((Date.parse(`${tag.Value}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
    if (daysLeft <= warningDays) found.push({ name: s.Name, expires: tag.Value, daysLeft });
  }
  return found.sort((a, b) => a.daysLeft - b.daysLeft);
}

/** The page: one line per secret, never a value. */
function message(found) {
  return found.map((f) => (f.daysLeft < 0 ? `${f.name} expired on ${f.expires}` : `${f.name} expires on ${f.expires} (${f.daysLeft} days)`)).join("\n");
}

async function handler() {
  const { SecretsManagerClient, ListSecretsCommand } = require("@aws-sdk/client-secrets-manager");
  const { SNSClient, PublishCommand } = require("@aws-sdk/client-sns");
  const sm = new SecretsManagerClient({});
  const secrets = [];
  let NextToken;
  do {
    const page = await sm.send(new ListSecretsCommand({ NextToken, Filters: [{ Key: "tag-key", Values: ["mcp-guard:catalog"] }] }));
    secrets.push(...(page.SecretList || []));
    NextToken = page.NextToken;
  } while (NextToken);
  const found = expiringSecrets(secrets, new Date().toISOString().slice(0, 10), Number(process.env.WARNING_DAYS));
  if (found.length > 0) {
    await new SNSClient({}).send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Subject: "mcp-guard: MCP secrets near expiry", Message: message(found) }));
  }
  return { expiring: found.length };
}

module.exports = { handler, expiringSecrets, message };
