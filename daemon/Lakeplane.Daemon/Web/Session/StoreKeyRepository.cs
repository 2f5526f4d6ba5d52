using System.Xml.Linq;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Lakeplane.Daemon.Web.Session;

/// <summary>
/// Keeps the web UI's Data Protection key ring (what seals session cookies and antiforgery tokens) in the daemon's store:
/// replicas sharing one PostgreSQL accept each other's cookies, and a restart keeps people signed in. Data Protection
/// reads the ring rarely (at start and when a key nears expiry), so the blocking calls of this interface cost nothing.
/// </summary>
public sealed class StoreKeyRepository(IStore store) : IXmlRepository
{
    /// <summary>Installation-wide rows: the keys belong to the daemon, not to an account.</summary>
    private const string Installation = "";

    public IReadOnlyCollection<XElement> GetAllElements() =>
        store.ReadAsync<IReadOnlyCollection<XElement>>(async reader =>
                (await reader.ListAsync(ObjectKinds.WebKey, Installation, ObjectKinds.AccountScope)).Select(row => XElement.Parse(row.Body)).ToList())
            .GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) =>
        store.WriteAsync(async transaction =>
        {
            // The name is the key's id ("key-<guid>"); a unique id per row whatever Data Protection passes.
            var id = (friendlyName.Length > 0 ? friendlyName : "key") + "-" + Guid.NewGuid().ToString("N");
            return await transaction.InsertAsync(ObjectKinds.WebKey, id, Installation, ObjectKinds.AccountScope, "", element.ToString(SaveOptions.DisableFormatting));
        }).GetAwaiter().GetResult();
}
