using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.WorkspaceFiles.Tests.Support;

namespace Lakeplane.WorkspaceFiles.Tests.Encryption;

/// <summary>
/// LAKEPLANE_KMS_KEY_ID: workspace data keys generated and wrapped by KMS (AWSSDK.KeyManagementService), with the
/// workspace as encryption context, unwrapped through KMS after a restart. KMS itself cannot be reached from here: these
/// run against <see cref="LocalKmsStandIn"/>, a local server speaking KMS's wire protocol.
/// </summary>
public sealed class KmsDataKeyTests(WorkspaceFixture<KmsDaemonFixture> fixture) : IClassFixture<WorkspaceFixture<KmsDaemonFixture>>
{
    private LocalKmsStandIn Kms => fixture.Daemon.Kms;

    [Fact]
    public async Task DataKeys_AreGeneratedAndUnwrappedByKms_WithTheWorkspaceAsContext_AgainstLocalKmsStandIn()
    {
        var path = "/Shared/" + Unique.Name("kms") + ".py";
        var content = Encoding.UTF8.GetBytes("kms_wrapped = '" + Guid.NewGuid().ToString("N") + "'\n");
        using (var http = fixture.Http())
        {
            await Expect.RestOkAsync(await http.PostAsJsonAsync("/api/2.0/workspace/import", new { path, format = "RAW", content = Convert.ToBase64String(content) }));
            await Expect.RestOkAsync(await http.PostAsJsonAsync("/api/2.0/workspace/import",
                new { path = path + ".second", format = "RAW", content = Convert.ToBase64String(content) }));
        }
        // One data key for the workspace, however many files it gets (the other test's workspaces have their own).
        var workspaceId = fixture.WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var call = Assert.Single(Kms.Calls, c => c.Operation == "GenerateDataKey" && c.Context["lakeplane:workspace_id"] == workspaceId);
        Assert.Equal(fixture.Admin.AccountId, call.Context["lakeplane:account_id"]);

        var stored = await fixture.ReadEverythingStoredAsync();
        Assert.Empty(stored.WhereFound(Encoding.UTF8.GetBytes("kms_wrapped")));
        foreach (var plaintextKey in Kms.PlaintextKeysIssued)
        {
            Assert.Empty(stored.WhereFound(Encoding.UTF8.GetBytes(plaintextKey)));
        }
        Assert.NotEmpty(stored.WhereFound("\"wrapped_by\":\"kms\""u8.ToArray()));

        // A new process has no key in memory: it asks KMS to unwrap, with the same context.
        await fixture.Daemon.RestartAsync();
        using var again = fixture.Http();
        var exported = await Expect.RestOkAsync(await again.GetAsync("/api/2.0/workspace/export?path=" + Uri.EscapeDataString(path)));
        Assert.Equal(content, Convert.FromBase64String(exported.GetProperty("content").GetString()!));
        var decrypt = Assert.Single(Kms.Calls, c => c.Operation == "Decrypt" && c.Context["lakeplane:workspace_id"] == workspaceId);
        Assert.Equal(call.Context, decrypt.Context);
    }

    [Fact]
    public async Task RefusingKms_IsAClearError_NamingTheKeyAndTheSetting_AgainstLocalKmsStandIn()
    {
        var admin = fixture.Admin;
        var other = await Fixtures.SettledAsync(admin, (await Fixtures.WorkspaceAsync(admin)).WorkspaceId);
        var token = (await Fixtures.WorkspaceTokenAsync(admin, other.WorkspaceId)).TokenValue;
        using var http = fixture.Daemon.Http(token);
        Kms.Disabled = true;
        try
        {
            var response = await http.PostAsJsonAsync("/api/2.0/workspace/import",
                new { path = "/Shared/refused.py", format = "RAW", content = Convert.ToBase64String("x = 1"u8.ToArray()) });
            var message = await Expect.RestErrorAsync(response, HttpStatusCode.ServiceUnavailable, "TEMPORARILY_UNAVAILABLE");
            Assert.Contains("alias/lakeplane-workspace-files", message, StringComparison.Ordinal);
            Assert.Contains("LAKEPLANE_KMS_KEY_ID", message, StringComparison.Ordinal);
            Assert.Contains("disabled", message, StringComparison.Ordinal);
        }
        finally
        {
            Kms.Disabled = false;
        }
        // Nothing was half-made: the path does not exist, and a retry once KMS answers succeeds.
        await Expect.RestErrorAsync(await http.GetAsync("/api/2.0/workspace/get-status?path=/Shared/refused.py"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await Expect.RestOkAsync(await http.PostAsJsonAsync("/api/2.0/workspace/import",
            new { path = "/Shared/refused.py", format = "RAW", content = Convert.ToBase64String("x = 1"u8.ToArray()) }));
    }
}
