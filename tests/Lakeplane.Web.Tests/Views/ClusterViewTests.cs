using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;
using Lakeplane.Web.Tests.Support;
using Microsoft.Playwright;

namespace Lakeplane.Web.Tests.Views;

/// <summary>A workspace's clusters: created from the form, followed live to RUNNING with real node agents, resized and
/// terminated from the cluster page; and kept from a principal of another workspace, also when it forges the form.</summary>
[Collection(WebCollection.Name)]
public sealed class ClusterViewTests(WebFixture web)
{
    [Fact]
    public async Task A_cluster_created_from_the_form_is_seen_reaching_RUNNING_without_a_reload_then_resized_and_terminated()
    {
        await using var browser = await web.SignedInAsync();
        await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}");
        var name = Unique.Name("web-cluster");
        await browser.Page.GetByLabel("Name").FillAsync(name);
        await browser.Page.GetByLabel("Workers").FillAsync("1");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Create cluster" }).ClickAsync();

        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("being created");
        await browser.Page.EvaluateAsync("window.__stillTheSamePage = true");
        var state = browser.Page.GetByTestId("cluster-state").Locator(".badge");
        await Assertions.Expect(state).ToHaveTextAsync("RUNNING", new() { Timeout = 60_000 });
        Assert.True(await browser.Page.EvaluateAsync<bool>("window.__stillTheSamePage === true"), "the page reloaded instead of updating in place");
        var nodes = browser.Page.Locator("#nodes tbody tr");
        await Assertions.Expect(nodes).ToHaveCountAsync(2); // driver and one worker, both heartbeating
        await Assertions.Expect(nodes.Filter(new() { HasText = "Driver" }).Locator(".badge")).ToHaveTextAsync("RUNNING");
        await Assertions.Expect(browser.Page.Locator("#events")).ToContainTextAsync("CREATING");
        await Assertions.Expect(browser.Page.Locator("#announcer")).ToContainTextAsync("RUNNING");
        await browser.ScreenshotAsync("cluster");

        await browser.Page.GetByLabel("Workers").FillAsync("2");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Resize" }).ClickAsync();
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Resizing to 2 workers");
        await Assertions.Expect(nodes).ToHaveCountAsync(3, new() { Timeout = 60_000 });
        await Assertions.Expect(state).ToHaveTextAsync("RUNNING", new() { Timeout = 60_000 });

        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Terminate" }).ClickAsync();
        await Assertions.Expect(state).ToHaveTextAsync("TERMINATED", new() { Timeout = 60_000 });
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Button, new() { Name = "Start" })).ToBeVisibleAsync();
        await Assertions.Expect(browser.Page.Locator("#nodes")).ToContainTextAsync("No nodes");

        await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}");
        await Assertions.Expect(browser.Page.Locator("#clusters tbody tr", new() { HasText = name }).Locator(".badge")).ToHaveTextAsync("TERMINATED");
        await browser.ScreenshotAsync("clusters");
    }

    [Fact]
    public async Task A_bad_cluster_form_shows_the_services_reason_next_to_what_was_typed()
    {
        await using var browser = await web.SignedInAsync();
        await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}");
        await browser.Page.GetByLabel("Name").FillAsync("too-big");
        await browser.Page.GetByLabel("Workers").FillAsync("100000");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Create cluster" }).ClickAsync();

        var alert = browser.Page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("num_workers");
        Assert.Equal("INVALID_PARAMETER_VALUE", await alert.GetAttributeAsync("data-error-code"));
        await Assertions.Expect(browser.Page.GetByLabel("Name")).ToHaveValueAsync("too-big");
    }

    [Fact]
    public async Task A_token_of_another_workspace_neither_sees_its_clusters_nor_can_terminate_one_with_a_forged_post()
    {
        var admin = web.Connect();
        var cluster = await admin.Clusters.CreateClusterAsync(new CreateClusterRequest
        {
            WorkspaceId = web.WorkspaceId, ClusterName = Unique.Name("guarded"), SparkVersion = "15.4.x-scala2.12", NodeTypeId = "m5.large", NumWorkers = 0,
        });
        var other = await Fixtures.SettledAsync(admin, (await Fixtures.WorkspaceAsync(admin)).WorkspaceId);
        var outsider = await Identities.UserAsync(admin);
        var outsiderToken = await Identities.TokenForUserAsync(admin, other.WorkspaceId, outsider);
        await using var browser = await web.SignedInAsync(outsiderToken);

        var list = await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}");
        Assert.Equal(403, list!.Status);
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("valid only in workspace");
        await Assertions.Expect(browser.Page.Locator("main")).Not.ToContainTextAsync(cluster.ClusterName);
        var detail = await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}/clusters/{cluster.ClusterId}");
        Assert.Equal(403, detail!.Status);

        // The outsider's own workspace page gives it a valid antiforgery token; it posts a terminate at the other workspace.
        await browser.Page.GotoAsync($"/workspaces/{other.WorkspaceId}");
        var antiforgery = await browser.Page.Locator("input[name=__antiforgery]").First.InputValueAsync();
        var forged = await browser.Page.APIRequest.PostAsync($"/workspaces/{web.WorkspaceId}/clusters/{cluster.ClusterId}?handler=Terminate",
            new() { Form = FormOf(browser.Page, ("__antiforgery", antiforgery), ("requestId", "forged-1")), MaxRedirects = 0 });
        Assert.Equal(403, forged.Status);
        // Without the antiforgery token the form is not even read.
        var noToken = await browser.Page.APIRequest.PostAsync($"/workspaces/{other.WorkspaceId}?handler=Create",
            new() { Form = FormOf(browser.Page, ("Form.ClusterName", "csrf")), MaxRedirects = 0 });
        Assert.Equal(400, noToken.Status);

        var after = await admin.Clusters.GetClusterAsync(new GetClusterRequest { WorkspaceId = web.WorkspaceId, ClusterId = cluster.ClusterId });
        Assert.NotEqual("TERMINATING", after.State);
        Assert.NotEqual("TERMINATED", after.State);
        Assert.Empty((await admin.Clusters.ListClustersAsync(new ListClustersRequest { WorkspaceId = other.WorkspaceId })).Clusters);
        await admin.Clusters.DeleteClusterAsync(new DeleteClusterRequest { WorkspaceId = web.WorkspaceId, ClusterId = cluster.ClusterId });
    }

    private static IFormData FormOf(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }
        return form;
    }
}
