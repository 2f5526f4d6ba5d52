using Google.Protobuf;
using Grpc.Core;
using Lakeplane.Protos.V1;

namespace Lakeplane.Protos.Client.RefreshSnapshots;

/// <summary>
/// An object type whose Get can be answered from one List of the account: the daemon materialises list items
/// and a Get's answer from the same stored row in the same way and checks the same permission (account admin)
/// for both, and the List is not paged, so an item of the list is exactly what the Get would have answered at
/// that moment.
/// </summary>
public sealed record ListedReadKind(
    string Name,
    string GetMethod,
    Func<object, (string AccountId, string Id)> KeyOf,
    Func<CallInvoker, string, CallOptions, Task<IEnumerable<(string Id, IMessage Item)>>> ListAsync)
{
    public static readonly IReadOnlyDictionary<string, ListedReadKind> ByGetMethod = new[]
    {
        new ListedReadKind("network", Method(AccountService.Descriptor.FullName, "GetNetwork"),
            request => ((GetNetworkRequest)request) is var r ? (r.AccountId, r.NetworkId) : default,
            async (invoker, account, options) =>
                (await new AccountService.AccountServiceClient(invoker).ListNetworksAsync(new ListNetworksRequest { AccountId = account }, options))
                .Networks.Select(n => (n.NetworkId, (IMessage)n))),
        new ListedReadKind("credentials", Method(AccountService.Descriptor.FullName, "GetCredentials"),
            request => ((GetCredentialsRequest)request) is var r ? (r.AccountId, r.CredentialsId) : default,
            async (invoker, account, options) =>
                (await new AccountService.AccountServiceClient(invoker).ListCredentialsAsync(new ListCredentialsRequest { AccountId = account }, options))
                .Credentials.Select(c => (c.CredentialsId, (IMessage)c))),
        new ListedReadKind("storage_configuration", Method(AccountService.Descriptor.FullName, "GetStorageConfiguration"),
            request => ((GetStorageConfigurationRequest)request) is var r ? (r.AccountId, r.StorageConfigurationId) : default,
            async (invoker, account, options) =>
                (await new AccountService.AccountServiceClient(invoker).ListStorageConfigurationsAsync(new ListStorageConfigurationsRequest { AccountId = account }, options))
                .StorageConfigurations.Select(s => (s.StorageConfigurationId, (IMessage)s))),
        new ListedReadKind("workspace", Method(AccountService.Descriptor.FullName, "GetWorkspace"),
            request => ((GetWorkspaceRequest)request) is var r ? (r.AccountId, r.WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture)) : default,
            async (invoker, account, options) =>
                (await new AccountService.AccountServiceClient(invoker).ListWorkspacesAsync(new ListWorkspacesRequest { AccountId = account }, options))
                .Workspaces.Select(w => (w.WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture), (IMessage)w))),
    }.ToDictionary(kind => kind.GetMethod, StringComparer.Ordinal);

    /// <summary>gRPC's full method name, as <see cref="IMethod.FullName"/> spells it.</summary>
    private static string Method(string service, string name) => $"/{service}/{name}";
}
