using System.Text;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;
using Lakeplane.Web.Tests.Support;
using Microsoft.Playwright;

namespace Lakeplane.Web.Tests.Views;

/// <summary>Workspace files and notebooks: a folder made and a notebook uploaded from the browser, browsed to and read as
/// source; and a principal of another workspace kept out, also from uploading with a forged post.</summary>
[Collection(WebCollection.Name)]
public sealed class FilesViewTests(WebFixture web)
{
    private const string Notebook = "# Databricks notebook source\nprint(\"hello from the web UI\")\n";

    [Fact]
    public async Task A_notebook_uploaded_into_a_new_folder_is_listed_and_its_source_shown()
    {
        await using var browser = await web.SignedInAsync();
        await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}/files");
        var folder = Unique.Name("web");
        await browser.Page.GetByLabel("Folder name").FillAsync(folder);
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Create folder" }).ClickAsync();
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Created folder /{folder}");
        await browser.Page.GetByRole(AriaRole.Link, new() { Name = folder + "/" }).ClickAsync();
        await Assertions.Expect(browser.Page.Locator("main")).ToContainTextAsync("This folder is empty");

        await browser.Page.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "etl.py", MimeType = "text/x-python", Buffer = Encoding.UTF8.GetBytes(Notebook),
        });
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Uploaded /{folder}/etl as a PYTHON notebook");
        var row = browser.Page.Locator("tbody tr", new() { HasText = "etl" });
        await Assertions.Expect(row).ToContainTextAsync("notebook (PYTHON)");
        await browser.ScreenshotAsync("files");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(browser.Page.GetByTestId("source")).ToContainTextAsync("print(\"hello from the web UI\")");
        await browser.ScreenshotAsync("notebook-source");

        var status = await web.Connect().WorkspaceObjects.GetObjectStatusAsync(new GetWorkspaceObjectStatusRequest { WorkspaceId = web.WorkspaceId, Path = $"/{folder}/etl" });
        Assert.Equal("NOTEBOOK", status.ObjectType);
    }

    [Fact]
    public async Task A_token_of_another_workspace_cannot_browse_or_upload_here()
    {
        var admin = web.Connect();
        var other = await Fixtures.SettledAsync(admin, (await Fixtures.WorkspaceAsync(admin)).WorkspaceId);
        var outsider = await Identities.UserAsync(admin);
        await using var browser = await web.SignedInAsync(await Identities.TokenForUserAsync(admin, other.WorkspaceId, outsider));

        var refused = await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}/files");
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Button, new() { Name = "Upload" })).ToHaveCountAsync(0);

        await browser.Page.GotoAsync($"/workspaces/{other.WorkspaceId}/files");
        var antiforgery = await browser.Page.Locator("input[name=__antiforgery]").First.InputValueAsync();
        var forged = await browser.Page.APIRequest.PostAsync($"/workspaces/{web.WorkspaceId}/files?path=%2F&handler=Upload", new()
        {
            Multipart = MultipartOf(browser.Page, antiforgery),
            MaxRedirects = 0,
        });
        Assert.Equal(403, forged.Status);
        var listing = await admin.WorkspaceObjects.ListObjectsAsync(new ListWorkspaceObjectsRequest { WorkspaceId = web.WorkspaceId, Path = "/" });
        Assert.DoesNotContain(listing.Objects, o => o.Path == "/forged.py");
    }

    private static IFormData MultipartOf(IPage page, string antiforgery)
    {
        var form = page.APIRequest.CreateFormData();
        form.Set("__antiforgery", antiforgery);
        form.Set("requestId", "forged-upload");
        form.Set("upload", new FilePayload { Name = "forged.py", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(Notebook) });
        return form;
    }
}
