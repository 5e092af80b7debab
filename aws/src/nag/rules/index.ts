import { McpGuardRule } from "../rule";
import { app04PrivateGateway } from "./app04PrivateGateway";
import { auth03AllowedAudiences } from "./auth03AllowedAudiences";
import { kv11SecretExpiry } from "./kv11SecretExpiry";
import { kv16RotationSignal } from "./kv16RotationSignal";
import { log01EncryptedLogs } from "./log01EncryptedLogs";
import { rel01AlarmsPageTopics } from "./rel01AlarmsPageTopics";
import { sm01CustomerKey } from "./sm01CustomerKey";
import { sns01EncryptedTlsTopic } from "./sns01EncryptedTlsTopic";
import { tbl06ExplicitRetention } from "./tbl06ExplicitRetention";

export const MCP_GUARD_RULES: readonly McpGuardRule[] = [kv11SecretExpiry, kv16RotationSignal, sm01CustomerKey, tbl06ExplicitRetention, log01EncryptedLogs, rel01AlarmsPageTopics, sns01EncryptedTlsTopic, auth03AllowedAudiences, app04PrivateGateway];
