using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;
using Lakeplane.Web.Tests.Support;
using Microsoft.Playwright;

namespace Lakeplane.Web.Tests.Views;

/// <summary>The account view (workspaces with status, credentials, storage, networks) and the identity view.</summary>
[Collection(WebCollection.Name)]
public sealed class AccountViewTests(WebFixture web)
{
    [Fact]
    public async Task The_account_view_lists_workspaces_with_status_and_what_they_use_and_follows_provisioning_live()
    {
        await using var browser = await web.SignedInAsync();
        await browser.Page.GotoAsync("/");
        // A marker that a reload would lose: the status change must arrive without one.
        await browser.Page.EvaluateAsync("window.__stillTheSamePage = true");

        var admin = web.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin, withNetwork: true);
        var credentials = await admin.Account.GetCredentialsAsync(new GetCredentialsRequest { CredentialsId = workspace.CredentialsId });
        var storage = await admin.Account.GetStorageConfigurationAsync(new GetStorageConfigurationRequest { StorageConfigurationId = workspace.StorageConfigurationId });
        var network = await admin.Account.GetNetworkAsync(new GetNetworkRequest { NetworkId = workspace.NetworkId });

        var row = browser.Page.Locator($"tr[data-workspace-id='{workspace.WorkspaceId}']");
        await Assertions.Expect(row).ToContainTextAsync(workspace.WorkspaceName);
        await Assertions.Expect(row.Locator(".badge")).ToHaveTextAsync("RUNNING", new() { Timeout = 30_000 });
        Assert.True(await browser.Page.EvaluateAsync<bool>("window.__stillTheSamePage === true"));
        await Assertions.Expect(row).ToContainTextAsync(credentials.CredentialsName);
        await Assertions.Expect(row).ToContainTextAsync(storage.StorageConfigurationName);
        await Assertions.Expect(row).ToContainTextAsync(network.NetworkName);
        await Assertions.Expect(browser.Page.Locator("#credentials")).ToContainTextAsync(Fixtures.RoleArn);
        await Assertions.Expect(browser.Page.Locator("#storage")).ToContainTextAsync(storage.BucketName);
        await Assertions.Expect(browser.Page.Locator("#networks")).ToContainTextAsync(Fixtures.VpcId);
        // Times are shown in the viewer's zone (the context runs in Europe/Paris), with the UTC value kept in datetime.
        var created = row.Locator("time");
        Assert.EndsWith("Z", await created.GetAttributeAsync("datetime"), StringComparison.Ordinal);
        await Assertions.Expect(created).ToContainTextAsync("CET");
        await browser.ScreenshotAsync("account");
    }

    [Fact]
    public async Task A_workspace_token_is_taken_to_its_workspace_and_not_shown_the_account()
    {
        var admin = web.Connect();
        var user = await Identities.UserAsync(admin);
        var token = await Identities.TokenForUserAsync(admin, web.WorkspaceId, user);
        await using var browser = await web.SignedInAsync(token);

        await browser.Page.GotoAsync("/");
        Assert.EndsWith($"/workspaces/{web.WorkspaceId}", browser.Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).Not.ToContainTextAsync("Account");

        // The account services refuse it, and the identity view still works (any member may read identities).
        await browser.Page.GotoAsync("/identity");
        await Assertions.Expect(browser.Page.Locator("main")).ToContainTextAsync(user.UserName);
    }

    [Fact]
    public async Task The_identity_view_lists_users_groups_and_service_principals()
    {
        var admin = web.Connect();
        var user = await Identities.UserAsync(admin);
        var servicePrincipal = await Identities.ServicePrincipalAsync(admin);
        var group = await Identities.GroupAsync(admin, user.Id, servicePrincipal.Id);
        await using var browser = await web.SignedInAsync();

        await browser.Page.GotoAsync("/identity");

        await Assertions.Expect(browser.Page.Locator("#users")).ToContainTextAsync(user.UserName);
        var groupRow = browser.Page.Locator("#groups tbody tr", new() { HasText = group.DisplayName });
        await Assertions.Expect(groupRow).ToContainTextAsync(user.UserName);
        await Assertions.Expect(groupRow).ToContainTextAsync(servicePrincipal.DisplayName);
        await Assertions.Expect(browser.Page.Locator("#service-principals")).ToContainTextAsync(servicePrincipal.ApplicationId);
        await browser.ScreenshotAsync("identity");
    }
}
