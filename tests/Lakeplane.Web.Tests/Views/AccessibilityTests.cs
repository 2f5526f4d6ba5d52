using Deque.AxeCore.Playwright;
using Lakeplane.Catalog.Tests.Support;
using Lakeplane.Web.Tests.Support;

namespace Lakeplane.Web.Tests.Views;

/// <summary>The main views checked by axe-core (Deque's accessibility engine, run inside the page): no serious or
/// critical violations (missing labels, contrast, landmarks, table headers, names of links and buttons).</summary>
[Collection(WebCollection.Name)]
public sealed class AccessibilityTests(WebFixture web)
{
    [Fact]
    public async Task The_main_views_have_no_serious_accessibility_violations()
    {
        var cluster = await web.RunningClusterAsync();
        var world = await CatalogWorld.OfAsync(web);
        var (catalog, _) = await world.CatalogAndSchemaAsync();
        await world.TableAsync(world.Admin, catalog, "orders");
        await using var browser = await web.OpenAsync();
        await CheckAsync(browser, "/signin");
        await browser.SignInAsync(web.AdminToken);
        foreach (var path in new[]
                 {
                     "/", "/identity", $"/workspaces/{web.WorkspaceId}", $"/workspaces/{web.WorkspaceId}/clusters/{cluster.ClusterId}",
                     $"/workspaces/{world.WorkspaceId}/catalog?catalog={catalog}&schema=sales&table=orders", $"/workspaces/{web.WorkspaceId}/files",
                 })
        {
            await CheckAsync(browser, path);
        }
    }

    /// <summary>Opens <paramref name="path"/> and fails on any serious or critical axe-core violation (also used by the jobs views' tests).</summary>
    internal static async Task CheckAsync(BrowserSession browser, string path)
    {
        await browser.Page.GotoAsync(path);
        var result = await browser.Page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{path}: " + string.Join("\n", serious.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html).Take(3))}")));
    }
}
