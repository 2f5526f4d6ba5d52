using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Lakeplane.Protos.Client.RefreshSnapshots;
using Lakeplane.Protos.V1;

namespace Lakeplane.Protos.Client;

/// <summary>
/// A typed connection to a lakeplaned daemon: one gRPC channel with the bearer token attached
/// to every call. The provider and the Pulumi plugin use this; they never build channels themselves.
/// </summary>
public sealed class LakeplaneConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    public LakeplaneConnection(string host, string token, string accountId)
    {
        Host = NormaliseHost(host);
        AccountId = accountId;
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Bearer " + token);
            return Task.CompletedTask;
        });
        var uri = new Uri(Host);
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (uri.Scheme == Uri.UriSchemeHttps && DaemonServerTrust.ValidationCallback is { } validation)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validation;
        }
        _channel = GrpcChannel.ForAddress(uri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            // A workspace file export carries up to 10 MiB of content: above gRPC's 4 MiB default.
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            // Plain-text HTTP/2 to a local daemon still carries the token: allow it explicitly.
            UnsafeUseInsecureChannelCallCredentials = uri.Scheme == Uri.UriSchemeHttp,
            Credentials = uri.Scheme == Uri.UriSchemeHttps
                ? ChannelCredentials.Create(ChannelCredentials.SecureSsl, credentials)
                : ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
        });
        RefreshSnapshots = new ListedReadSnapshots(_channel.CreateCallInvoker(), TimeProvider.System);
        var invoker = _channel.Intercept(new RefreshSnapshotInterceptor(RefreshSnapshots));
        Account = new AccountService.AccountServiceClient(invoker);
        Identity = new IdentityService.IdentityServiceClient(invoker);
        Catalog = new CatalogService.CatalogServiceClient(invoker);
        Clusters = new ClustersService.ClustersServiceClient(invoker);
        Jobs = new JobsService.JobsServiceClient(invoker);
        WorkspaceObjects = new WorkspaceObjectsService.WorkspaceObjectsServiceClient(invoker);
    }

    /// <summary>The daemon's base address, always with a scheme (http://127.0.0.1:7070).</summary>
    public string Host { get; }

    public string AccountId { get; }

    public AccountService.AccountServiceClient Account { get; }

    public IdentityService.IdentityServiceClient Identity { get; }

    public CatalogService.CatalogServiceClient Catalog { get; }

    public ClustersService.ClustersServiceClient Clusters { get; }

    public JobsService.JobsServiceClient Jobs { get; }

    public WorkspaceObjectsService.WorkspaceObjectsServiceClient WorkspaceObjects { get; }

    /// <summary>Refresh reads answered from one list per type (<see cref="RefreshScope"/>): what a refresh costs.</summary>
    public ListedReadSnapshots RefreshSnapshots { get; }

    /// <summary>Accepts "127.0.0.1:7070", "http://host:port" or "https://host".</summary>
    public static string NormaliseHost(string host)
    {
        var trimmed = host.Trim().TrimEnd('/');
        if (!trimmed.Contains("://", StringComparison.Ordinal))
        {
            trimmed = "http://" + trimmed;
        }
        return trimmed;
    }

    public void Dispose() => _channel.Dispose();
}
