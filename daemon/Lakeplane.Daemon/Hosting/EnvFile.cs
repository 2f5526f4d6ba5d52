using System.Text;

namespace Lakeplane.Daemon.Hosting;

/// <summary>
/// &lt;data-dir&gt;/env: shell exports a user sources before running terraform or pulumi. Mode 0600
/// from the moment it exists, because it holds the admin token. Written to a temporary file and
/// renamed, so a crash never leaves half of it.
/// </summary>
public static class EnvFile
{
    public const string HostVariable = "LAKEPLANE_HOST";
    public const string AccountVariable = "LAKEPLANE_ACCOUNT_ID";
    public const string TokenVariable = "LAKEPLANE_TOKEN";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "env");

    /// <summary>Writes host and account, and the token when one was just created. Without a new token, the lines already in
    /// the file (the token among them) are kept: the store can't give the token back, it has only its hash.</summary>
    /// <param name="forgetToken">Drop a token line already in the file: it belongs to a bootstrap that did not happen.</param>
    public static void Write(string dataDirectory, string host, string accountId, string? newToken, bool forgetToken = false)
    {
        var path = PathIn(dataDirectory);
        var kept = newToken is null && File.Exists(path)
            ? File.ReadAllLines(path)
                .Where(line => !IsExportOf(line, HostVariable) && !IsExportOf(line, AccountVariable) && !(forgetToken && IsExportOf(line, TokenVariable)))
                .ToList()
            : [];
        var text = new StringBuilder();
        text.Append("export ").Append(HostVariable).Append('=').Append(host).Append('\n');
        text.Append("export ").Append(AccountVariable).Append('=').Append(accountId).Append('\n');
        if (newToken is not null)
        {
            text.Append("export ").Append(TokenVariable).Append('=').Append(newToken).Append('\n');
        }
        else if (!kept.Any(line => IsExportOf(line, TokenVariable)))
        {
            kept.Add($"# {TokenVariable} was written here once when this account was created; the daemon keeps only its hash.");
        }
        foreach (var line in kept.Where(line => line.Length > 0))
        {
            text.Append(line).Append('\n');
        }
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(text.ToString());
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        // An older file made by hand may have wider permissions; the rename replaces it with the 0600 one.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static bool IsExportOf(string line, string variable) =>
        line.TrimStart().StartsWith($"export {variable}=", StringComparison.Ordinal);
}
