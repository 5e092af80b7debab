import { RemovalPolicy, SecretValue } from "aws-cdk-lib";
import * as agentcore from "aws-cdk-lib/aws-bedrockagentcore";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";

/** One approved streamable-HTTP MCP server the gateway fronts. */
export interface McpGatewayTarget {
  /** The registry name: the target's name and the ServerName the detections compare. */
  readonly name: string;
  /** The server's HTTPS URL. */
  readonly url: string;
  /** The catalog secret holding the bearer token the gateway sends upstream (AgentCore Identity API key provider). */
  readonly credential: secretsmanager.ISecret;
}

export interface McpGatewayProps {
  /**
   * The gateway's name (letters, digits, _ and -), unique in the account.
   * @default - a name CDK generates
   */
  readonly gatewayName?: string;
  /** OpenID discovery URL of the identity provider (Entra ID or a Cognito user pool). */
  readonly discoveryUrl: string;
  /** Audiences a token must carry (the gateway's app id or Application ID URI); at least one. */
  readonly allowedAudience: readonly string[];
  /**
   * Client ids (the assistants' app registrations) a token may come from.
   * @default - any client of the identity provider whose token carries an allowed audience
   */
  readonly allowedClients?: readonly string[];
  readonly targets: readonly McpGatewayTarget[];
  /** Where the gateway's application logs go: the audit log group. */
  readonly logGroup: logs.ILogGroup;
  /** Key the gateway encrypts its data with. */
  readonly encryptionKey: kms.IKey;
  /** CIDR of the private network the gateway's interface endpoint lives in. */
  readonly vpcCidr: string;
  /**
   * Days the VPC flow logs are kept.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * The AWS form of McpGatewayHost: an Amazon Bedrock AgentCore Gateway speaking MCP, authorizing every
 * call with a JWT from Entra ID or Cognito (audience checked), one MCP server target per approved HTTP
 * server with its upstream token from an AgentCore Identity credential provider, reached from a private
 * network through the `bedrock-agentcore.gateway` interface endpoint, and logging to the audit log group.
 */
export class McpGateway extends Construct {
  readonly gateway: agentcore.Gateway;
  readonly vpc: ec2.Vpc;
  readonly endpoint: ec2.InterfaceVpcEndpoint;
  /** How many MCP server targets the gateway has. */
  readonly targets: number;

  constructor(scope: Construct, id: string, props: McpGatewayProps) {
    super(scope, id);
    if (props.allowedAudience.length === 0) throw new Error("McpGateway: allowedAudience is empty; name the gateway's app id or Application ID URI, so only tokens issued for it pass");

    this.vpc = new ec2.Vpc(this, "Vpc", {
      ipAddresses: ec2.IpAddresses.cidr(props.vpcCidr),
      maxAzs: 2,
      natGateways: 0,
      // Isolated only: nothing in this network needs the internet; the gateway's upstream calls leave from AgentCore.
      subnetConfiguration: [{ name: "endpoints", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      flowLogs: {
        all: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(
            new logs.LogGroup(this, "FlowLogs", { retention: props.flowLogRetention ?? logs.RetentionDays.THREE_MONTHS, encryptionKey: props.encryptionKey, removalPolicy: RemovalPolicy.RETAIN }),
          ),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });
    const endpointSecurity = new ec2.SecurityGroup(this, "EndpointSecurity", { vpc: this.vpc, description: "HTTPS to the AgentCore Gateway endpoint from the private network only", allowAllOutbound: false });
    endpointSecurity.addIngressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.tcp(443), "MCP clients in the private network");
    this.endpoint = this.vpc.addInterfaceEndpoint("GatewayEndpoint", {
      service: ec2.InterfaceVpcEndpointAwsService.BEDROCK_AGENTCORE_GATEWAY,
      privateDnsEnabled: true,
      securityGroups: [endpointSecurity],
      open: false,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });

    this.gateway = new agentcore.Gateway(this, "Gateway", {
      gatewayName: props.gatewayName,
      description: "mcp-guard MCP gateway",
      protocolConfiguration: new agentcore.McpProtocolConfiguration({ supportedVersions: [agentcore.MCPProtocolVersion.MCP_2025_11_25, agentcore.MCPProtocolVersion.MCP_2025_06_18], searchType: agentcore.McpGatewaySearchType.SEMANTIC, instructions: "Approved MCP servers of this organisation" }),
      authorizerConfiguration: agentcore.GatewayAuthorizer.usingCustomJwt({
        discoveryUrl: props.discoveryUrl,
        allowedAudience: [...props.allowedAudience],
        ...(props.allowedClients && props.allowedClients.length > 0 ? { allowedClients: [...props.allowedClients] } : {}),
      }),
      kmsKey: props.encryptionKey,
    });

    this.targets = props.targets.length;
    for (const target of props.targets) {
      if (!target.url.startsWith("https://")) throw new Error(`McpGateway: target ${target.name}: url ${JSON.stringify(target.url)} is not https; AgentCore Gateway calls MCP servers over HTTPS only`);
      const provider = new agentcore.ApiKeyCredentialProvider(this, `${target.name}-credential`, {
        // A dynamic reference: CloudFormation reads the value at deployment; the template holds only the ARN.
        apiKey: SecretValue.secretsManager(target.credential.secretArn),
      });
      this.gateway.addMcpServerTarget(target.name, {
        gatewayTargetName: target.name,
        description: `Approved MCP server ${target.name} (servers/${target.name}.yaml)`,
        endpoint: target.url,
        credentialProviderConfigurations: [agentcore.GatewayCredentialProvider.fromApiKeyIdentity(provider)],
      });
    }

    // Vended logs: the gateway's APPLICATION_LOGS delivered into the audit log group.
    const source = new logs.CfnDeliverySource(this, "LogSource", { name: `${this.node.addr.slice(0, 20)}-gateway`, logType: "APPLICATION_LOGS", resourceArn: this.gateway.gatewayArn });
    const destination = new logs.CfnDeliveryDestination(this, "LogDestination", { name: `${this.node.addr.slice(0, 20)}-audit`, destinationResourceArn: props.logGroup.logGroupArn });
    new logs.CfnDelivery(this, "LogDelivery", { deliverySourceName: source.ref, deliveryDestinationArn: destination.attrArn }).addResourceDependency(source);
  }
}
