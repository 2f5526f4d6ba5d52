using Google.Protobuf;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Catalog;

/// <summary>A stored securable: its row (id, version), its API message with the names filled in from its parents, and
/// its path for privilege checks.</summary>
public sealed record CatalogNode<T>(StoredObject Row, T Info, SecurablePath Path) where T : IMessage<T>
{
    public Securable Securable => Path.Target;

    public string Id => Row.Id;
}
