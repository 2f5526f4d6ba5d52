namespace Lakeplane.Resources.Model;

/// <summary>The operations of a resource that can wait on lakeplaned.</summary>
public enum ResourceOperation { Create, Update, Delete }

/// <summary>
/// How long each operation of a resource may wait for lakeplaned to finish (a workspace to become
/// RUNNING, a cluster to terminate) before giving up. A resource whose operations wait declares
/// its defaults; the engine's user may ask for other deadlines in their engine's own way (Terraform's
/// `timeouts {}` block, Pulumi's customTimeouts resource option), which the adapters map to
/// <see cref="ResourceContext.RequestedDeadline"/>. The daemon never sees them.
/// </summary>
public sealed record OperationDeadlines(TimeSpan Create, TimeSpan Update, TimeSpan Delete)
{
    public TimeSpan For(ResourceOperation operation) => operation switch
    {
        ResourceOperation.Create => Create,
        ResourceOperation.Update => Update,
        _ => Delete,
    };

    /// <summary>"create", "update", "delete": how messages and the adapters name an operation.</summary>
    public static string NameOf(ResourceOperation operation) => operation switch
    {
        ResourceOperation.Create => "create",
        ResourceOperation.Update => "update",
        _ => "delete",
    };
}
