using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Lakeplane.Daemon.Lineage;

/// <summary>
/// One end of a lineage edge: a catalog table (by its id, so that a rename keeps its lineage; the name is the one it
/// had when the edge was recorded) or an external dataset that matched no table (its OpenLineage namespace and name).
/// </summary>
public sealed record LineageNode(string? TableId, string Name, string Namespace)
{
    public static LineageNode Table(string tableId, string fullName) => new(tableId, fullName, "");

    public static LineageNode External(string @namespace, string name) => new(null, name, @namespace);

    public bool IsTable => TableId is not null;

    /// <summary>What identifies the node: the table id, or namespace and name.</summary>
    public string Key => TableId is not null ? "table:" + TableId : "external:" + Namespace + "|" + Name;

    /// <summary>A fixed-length form of <see cref="Key"/> for store names and scopes (external names can be long paths).</summary>
    public string KeyHash => Hash(Key);

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];

    public JsonObject ToJson() => new() { ["table_id"] = TableId, ["name"] = Name, ["namespace"] = Namespace };

    public static LineageNode FromJson(JsonNode? node) =>
        new(node?["table_id"]?.GetValue<string>(), node?["name"]?.GetValue<string>() ?? "", node?["namespace"]?.GetValue<string>() ?? "");
}
