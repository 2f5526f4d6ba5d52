using Lakeplane.Catalog.Tests.Support;
using Lakeplane.Protos.V1;
using Lakeplane.Web.Tests.Support;
using Microsoft.Playwright;

namespace Lakeplane.Web.Tests.Views;

/// <summary>The catalog explorer: the tree holds only what the catalog services let the signed-in principal see; grants
/// made and revoked from the explorer change another principal's view; and one without MANAGE gets no grant form and is
/// refused when it forges the form's post.</summary>
[Collection(WebCollection.Name)]
public sealed class CatalogExplorerTests(WebFixture web)
{
    [Fact]
    public async Task A_grant_made_in_the_explorer_shows_a_second_principal_the_table_and_a_revoke_hides_it_again()
    {
        var world = await CatalogWorld.OfAsync(web);
        var (catalog, _) = await world.CatalogAndSchemaAsync();
        await world.TableAsync(world.Admin, catalog, "orders");
        var bob = await world.UserAsync("bob");
        var explorer = $"/workspaces/{world.WorkspaceId}/catalog";
        await using var bobs = await web.SignedInAsync(bob.Token);
        await bobs.Page.GotoAsync(explorer);
        var tree = bobs.Page.GetByRole(AriaRole.Navigation, new() { Name = "Catalog tree" });
        await Assertions.Expect(tree).ToBeVisibleAsync();
        await Assertions.Expect(tree).Not.ToContainTextAsync(catalog);
        var hidden = await bobs.Page.GotoAsync($"{explorer}?catalog={catalog}");
        Assert.Equal(403, hidden!.Status);
        await Assertions.Expect(bobs.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("does not have USE_CATALOG");

        await using var admin = await web.SignedInAsync();
        await admin.Page.GotoAsync($"{explorer}?catalog={catalog}");
        foreach (var privilege in new[] { "USE_CATALOG", "USE_SCHEMA", "SELECT" })
        {
            await admin.Page.GetByLabel("Principal", new() { Exact = true }).FillAsync(bob.GrantName);
            await admin.Page.GetByLabel("Privilege", new() { Exact = true }).SelectOptionAsync(privilege);
            await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true }).ClickAsync();
            await Assertions.Expect(admin.Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Granted {privilege} on {catalog} to {bob.GrantName}");
        }
        var bobsGrants = admin.Page.Locator($"#grants tr[data-principal='{bob.GrantName}']");
        await Assertions.Expect(bobsGrants).ToContainTextAsync("SELECT");
        await Assertions.Expect(bobsGrants).ToContainTextAsync("USE_CATALOG");
        await admin.ScreenshotAsync("catalog-grants");

        await bobs.Page.GotoAsync(explorer);
        await tree.GetByRole(AriaRole.Link, new() { Name = catalog }).ClickAsync();
        await tree.GetByRole(AriaRole.Link, new() { Name = "sales" }).ClickAsync();
        await tree.GetByRole(AriaRole.Link, new() { Name = "orders" }).ClickAsync();
        await Assertions.Expect(bobs.Page.Locator("#columns")).ToContainTextAsync("decimal(10,2)");
        await Assertions.Expect(bobs.Page.Locator("#effective")).ToContainTextAsync($"catalog {catalog}");
        await Assertions.Expect(bobs.Page.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true })).ToHaveCountAsync(0);
        await bobs.ScreenshotAsync("catalog-table");

        await admin.Page.GetByRole(AriaRole.Button, new() { Name = $"Revoke SELECT from {bob.GrantName}" }).ClickAsync();
        await Assertions.Expect(admin.Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Revoked SELECT on {catalog} from {bob.GrantName}");
        await Assertions.Expect(bobsGrants).Not.ToContainTextAsync("SELECT");

        await bobs.Page.GotoAsync($"{explorer}?catalog={catalog}&schema=sales");
        await Assertions.Expect(tree).ToContainTextAsync("sales");
        await Assertions.Expect(tree).Not.ToContainTextAsync("orders");
        var gone = await bobs.Page.GotoAsync($"{explorer}?catalog={catalog}&schema=sales&table=orders");
        Assert.Equal(403, gone!.Status);
        await Assertions.Expect(bobs.Page.Locator("#columns")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_principal_without_MANAGE_gets_no_grant_form_and_its_forged_grant_is_refused()
    {
        var world = await CatalogWorld.OfAsync(web);
        var (catalog, _) = await world.CatalogAndSchemaAsync();
        var (secret, _) = await world.CatalogAndSchemaAsync();
        var mallory = await world.UserAsync("mallory");
        await world.GrantAsync("catalog", catalog, mallory.GrantName, "USE_CATALOG");
        var explorer = $"/workspaces/{world.WorkspaceId}/catalog";
        await using var browser = await web.SignedInAsync(mallory.Token);

        await browser.Page.GotoAsync($"{explorer}?catalog={catalog}");
        await Assertions.Expect(browser.Page.Locator("#grants")).ToBeVisibleAsync();
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Button, new() { Name = "Revoke" })).ToHaveCountAsync(0);
        var tree = browser.Page.GetByRole(AriaRole.Navigation, new() { Name = "Catalog tree" });
        await Assertions.Expect(tree).Not.ToContainTextAsync(secret);

        // Its session's antiforgery token is valid; the service still refuses, on a catalog it sees and on one it doesn't.
        var antiforgery = await browser.Page.Locator("input[name=__antiforgery]").First.InputValueAsync();
        foreach (var target in new[] { catalog, secret })
        {
            var form = browser.Page.APIRequest.CreateFormData();
            form.Set("__antiforgery", antiforgery);
            form.Set("securableType", "CATALOG");
            form.Set("fullName", target);
            form.Set("principal", mallory.GrantName);
            form.Set("privilege", "MANAGE");
            form.Set("requestId", "forged-" + target);
            var forged = await browser.Page.APIRequest.PostAsync($"{explorer}?catalog={target}&handler=Grant", new() { Form = form, MaxRedirects = 0 });
            Assert.Equal(403, forged.Status);
            Assert.Contains("does not have MANAGE", await forged.TextAsync(), StringComparison.Ordinal);
            var grants = await world.Admin.Catalog.GetPermissionsAsync(new GetPermissionsRequest { WorkspaceId = world.WorkspaceId, SecurableType = "catalog", FullName = target });
            Assert.DoesNotContain(grants.PrivilegeAssignments, a => a.Principal == mallory.GrantName && a.Privileges.Contains("MANAGE"));
        }
    }
}
