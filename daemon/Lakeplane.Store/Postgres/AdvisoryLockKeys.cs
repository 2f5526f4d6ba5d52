using System.Text;

namespace Lakeplane.Daemon.Store;

/// <summary>
/// PostgreSQL advisory locks are named by a 64-bit number shared by the whole database. Deriving the
/// number from a purpose and the schema keeps two stores in one database (tests, or staging next to
/// production) from blocking each other, and stays stable across releases (unlike string.GetHashCode).
/// </summary>
internal static class AdvisoryLockKeys
{
    public static long For(string purpose, string schema)
    {
        // FNV-1a, 64 bit.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes($"lakeplane.{purpose}.{schema}"))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
