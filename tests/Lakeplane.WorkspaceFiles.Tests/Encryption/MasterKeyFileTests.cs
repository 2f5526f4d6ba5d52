using System.Net.Http.Json;
using System.Text;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.WorkspaceFiles.Tests.Support;

namespace Lakeplane.WorkspaceFiles.Tests.Encryption;

/// <summary>
/// The master key file: created 0600 on first start; a file that others may read, of the wrong size, or holding another
/// key than the store's stops the daemon with exit code 2 and a message saying what to fix; with the right key
/// everything stored before decrypts again.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MasterKeyFileTests(WorkspaceFixture<DaemonFixture> fixture) : IClassFixture<WorkspaceFixture<DaemonFixture>>
{
    [Fact]
    public async Task KeyFileProblems_StopTheDaemon_WithExit2AndTheFix_AndTheRightKeyReadsTheFilesAgain()
    {
        var keyFile = Path.Combine(fixture.Daemon.DataDirectory, "master.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(32, new FileInfo(keyFile).Length);
        var path = "/Shared/" + Unique.Name("restart") + ".py";
        var content = Encoding.UTF8.GetBytes("survives = True\n");
        using (var http = fixture.Http())
        {
            await Expect.RestOkAsync(await http.PostAsJsonAsync("/api/2.0/workspace/import", new { path, format = "RAW", content = Convert.ToBase64String(content) }));
        }
        await fixture.Daemon.Daemon.StopAsync();
        var original = await File.ReadAllBytesAsync(keyFile);

        try
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var (exitCode, stderr) = await RefusedStart.RunAsync(fixture.Daemon.DataDirectory);
            Assert.Equal(2, exitCode);
            Assert.Contains(keyFile, stderr, StringComparison.Ordinal);
            Assert.Contains("0644", stderr, StringComparison.Ordinal);
            Assert.Contains("chmod 600", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(" at Lakeplane.", stderr, StringComparison.Ordinal);

            await WriteKeyAsync(keyFile, original[..16]);
            (exitCode, stderr) = await RefusedStart.RunAsync(fixture.Daemon.DataDirectory);
            Assert.Equal(2, exitCode);
            Assert.Contains("16 bytes, not 32", stderr, StringComparison.Ordinal);

            await WriteKeyAsync(keyFile, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            (exitCode, stderr) = await RefusedStart.RunAsync(fixture.Daemon.DataDirectory);
            Assert.Equal(2, exitCode);
            Assert.Contains("is not the one this store's workspace files are encrypted with", stderr, StringComparison.Ordinal);

            File.Delete(keyFile);
            (exitCode, stderr) = await RefusedStart.RunAsync(fixture.Daemon.DataDirectory);
            Assert.Equal(2, exitCode);
            Assert.Contains("the original key file is missing", stderr, StringComparison.Ordinal);
        }
        finally
        {
            await WriteKeyAsync(keyFile, original);
            await fixture.Daemon.RestartAsync();
        }

        using var again = fixture.Http();
        var exported = await Expect.RestOkAsync(await again.GetAsync("/api/2.0/workspace/export?path=" + Uri.EscapeDataString(path)));
        Assert.Equal(content, Convert.FromBase64String(exported.GetProperty("content").GetString()!));
    }

    [Fact]
    public async Task ConfiguredKeyFile_IsCreatedThere_WithMode0600()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("lakeplane-keyfile-").FullName;
        var keyFile = Path.Combine(Directory.CreateTempSubdirectory("lakeplane-keys-").FullName, "nested", "lakeplane.key");
        try
        {
            await using (var daemon = await DaemonProcess.StartAsync(dataDirectory, new Dictionary<string, string> { ["LAKEPLANE_MASTER_KEY_FILE"] = keyFile }))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
                Assert.Equal(32, new FileInfo(keyFile).Length);
                Assert.False(File.Exists(Path.Combine(dataDirectory, "master.key")));
                Assert.Contains("Back it up", daemon.Stderr, StringComparison.Ordinal);
                await daemon.StopAsync();
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(keyFile))!, recursive: true);
        }
    }

    private static async Task WriteKeyAsync(string keyFile, byte[] key)
    {
        File.Delete(keyFile);
        await File.WriteAllBytesAsync(keyFile, key);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
