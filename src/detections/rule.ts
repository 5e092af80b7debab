import { alertCondition, deployedQuery, ruleSchedule } from "../kql/alertLint";
import { AlertDefinition, resolveAlert } from "../kql/alerts";
import { QueryParameterValues } from "../kql/parameters";
import { Environment } from "../naming";

/**
 * An alert rule as one stack deploys it: the query text with the stack's parameter values, the condition
 * and the schedule, built by the same functions McpAlerts deploys with (src/components/alerts.ts), so
 * what is simulated is what Azure runs.
 */
export interface DeployedRule {
  name: string;
  file: string;
  environment: Environment;
  query: string;
  condition: ReturnType<typeof alertCondition>;
  schedule: ReturnType<typeof ruleSchedule>;
  /** Why the rule is off in this environment, when it is. */
  disabledReason?: string;
}

export function deployedRule(definition: AlertDefinition, environment: Environment, values: QueryParameterValues, thresholds: Readonly<Record<string, number>> = {}): DeployedRule {
  const alert = resolveAlert(definition, environment, thresholds);
  const query = deployedQuery(alert, values);
  return {
    name: alert.name,
    file: alert.file,
    environment,
    query,
    condition: alertCondition(alert, query),
    schedule: ruleSchedule(alert),
    ...(alert.disabledReason === undefined ? {} : { disabledReason: alert.disabledReason }),
  };
}
