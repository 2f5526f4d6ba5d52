using Lakeplane.Clusters.Tests.Support;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Clusters.Tests.Ec2;

/// <summary>
/// A lakeplaned with LAKEPLANE_COMPUTE_DRIVER=ec2 whose AWS SDK clients talk to a <see cref="RecordedAwsEndpoint"/>
/// (EC2 and STS stand-in on 127.0.0.1), with AWS credentials of its own to call AssumeRole with, and a RUNNING
/// workspace on a customer-managed network (two subnets, one security group).
/// </summary>
public sealed class Ec2ClusterDaemonFixture : ClusterDaemonFixture
{
    public const string AmiId = "ami-0abcdef1234567890";

    public RecordedAwsEndpoint Aws { get; private set; } = null!;

    /// <summary>Where the stand-in's instances keep their files (under the data directory, so cleanup finds their agents).</summary>
    public string InstancesRoot => Path.Combine(DataDirectory, "ec2-instances");

    protected override bool WorkspaceWithNetwork => true;

    protected override IReadOnlyDictionary<string, string> ExtraEnvironment => new Dictionary<string, string>
    {
        ["LAKEPLANE_COMPUTE_DRIVER"] = "ec2",
        ["LAKEPLANE_EC2_AMI_ID"] = AmiId,
        ["LAKEPLANE_EC2_ENDPOINT"] = Aws.Url,
        ["LAKEPLANE_STS_ENDPOINT"] = Aws.Url,
        ["LAKEPLANE_EC2_POLL_MS"] = "100",
        ["LAKEPLANE_EC2_TERMINATE_WAIT_MS"] = "5000",
        ["AWS_ACCESS_KEY_ID"] = RecordedAwsEndpoint.BaseAccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = RecordedAwsEndpoint.BaseSecretAccessKey,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(InstancesRoot);
        Aws = new RecordedAwsEndpoint(InstancesRoot, BootableNodeAgent());
        await Aws.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await Aws.DisposeAsync();
        }
    }

    /// <summary>A workspace of its own, on a credentials object with <paramref name="roleName"/> and a network of its own.</summary>
    public async Task<Workspace> WorkspaceWithRoleAsync(string roleName)
    {
        var credentials = await Lakeplane.Account.CreateCredentialsAsync(new CreateCredentialsRequest
        {
            AccountId = AccountId, CredentialsName = Unique.Name("creds"), RoleArn = $"arn:aws:iam::123456789012:role/{roleName}",
        });
        var storage = await Fixtures.StorageAsync(Lakeplane);
        var network = await Fixtures.NetworkAsync(Lakeplane);
        var workspace = await Lakeplane.Account.CreateWorkspaceAsync(new CreateWorkspaceRequest
        {
            AccountId = AccountId,
            WorkspaceName = Unique.Name("ws"),
            AwsRegion = "us-east-1",
            CredentialsId = credentials.CredentialsId,
            StorageConfigurationId = storage.StorageConfigurationId,
            NetworkId = network.NetworkId,
        });
        return await Fixtures.SettledAsync(Lakeplane, workspace.WorkspaceId);
    }

    /// <summary>What the image's /opt/lakeplane/bin/lakeplane-node-agent is here: the agent of this build (a .dll is
    /// wrapped in a script, as user data execs a file).</summary>
    private string BootableNodeAgent()
    {
        var agent = NodeAgentBinary.Locate();
        if (!agent.EndsWith(".dll", StringComparison.Ordinal))
        {
            return agent;
        }
        var wrapper = Path.Combine(InstancesRoot, "lakeplane-node-agent.sh");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet '{agent}' \"$@\"\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The ec2 tests boot node agents with bash.");
        }
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return wrapper;
    }
}
