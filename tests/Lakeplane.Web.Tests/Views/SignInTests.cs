using System.Net;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Web.Tests.Support;
using Microsoft.Playwright;

namespace Lakeplane.Web.Tests.Views;

/// <summary>Signing in and out with a token, the session cookie's protections, and what the daemon serves around the UI.</summary>
[Collection(WebCollection.Name)]
public sealed class SignInTests(WebFixture web)
{
    [Fact]
    public async Task Signing_in_with_the_admin_token_keeps_it_in_an_HttpOnly_SameSite_Strict_session_cookie()
    {
        await using var browser = await web.OpenAsync();
        await browser.Page.GotoAsync("/");
        Assert.Contains("/signin", browser.Page.Url, StringComparison.Ordinal);
        await browser.ScreenshotAsync("sign-in");

        await browser.SignInAsync(web.AdminToken);

        await Assertions.Expect(browser.Page.GetByTestId("signed-in-as")).ToContainTextAsync("admin");
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Heading, new() { Name = "Account", Level = 1 })).ToBeVisibleAsync();
        var cookies = await browser.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "lakeplane_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal(-1, session.Expires); // a session cookie: gone with the browser
        Assert.DoesNotContain(web.AdminToken, session.Value, StringComparison.Ordinal); // sealed, not the token in clear
        var antiforgery = Assert.Single(cookies, c => c.Name == "lakeplane_antiforgery");
        Assert.True(antiforgery.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, antiforgery.SameSite);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_a_message_and_no_session()
    {
        await using var browser = await web.OpenAsync();
        await browser.Page.GotoAsync("/signin");
        await browser.Page.GetByLabel("Token").FillAsync("lpt_0000000000000000000000000000000000000000000000000000000000000000");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not valid");
        Assert.DoesNotContain(await browser.Context.CookiesAsync(), c => c.Name == "lakeplane_session");
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await using var browser = await web.SignedInAsync();
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("signed out");

        await browser.Page.GotoAsync("/identity");
        Assert.Contains("/signin", browser.Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_token_ends_its_session_at_the_next_request()
    {
        var admin = web.Connect();
        var user = await admin.Identity.CreateUserAsync(new Lakeplane.Protos.V1.CreateUserRequest { UserName = Unique.Name("leaver") + "@example.com" });
        var token = await admin.Identity.CreateTokenOnBehalfOfAsync(new Lakeplane.Protos.V1.CreateTokenOnBehalfOfRequest
        {
            WorkspaceId = web.WorkspaceId, UserName = user.UserName, Comment = "web test",
        });
        await using var browser = await web.SignedInAsync(token.TokenValue);
        await Assertions.Expect(browser.Page.GetByTestId("signed-in-as")).ToHaveTextAsync(user.UserName);

        await admin.Identity.DeleteTokenAsync(new Lakeplane.Protos.V1.DeleteTokenRequest { WorkspaceId = web.WorkspaceId, TokenId = token.TokenInfo.TokenId });
        await browser.Page.ReloadAsync();

        Assert.Contains("/signin", browser.Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_api_paths_still_answer_json_and_unknown_pages_answer_a_readable_404()
    {
        using var http = web.Http("");
        var api = await http.GetAsync("/api/2.0/no-such-api");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/json", api.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ENDPOINT_NOT_FOUND", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var browser = await web.SignedInAsync();
        var page = await browser.Page.GotoAsync("/no-such-page");
        Assert.Equal(404, page!.Status);
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Heading, new() { Name = "Nothing here" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Pages_load_nothing_from_anywhere_but_the_daemon()
    {
        await using var browser = await web.SignedInAsync();
        await browser.Page.GotoAsync("/");
        await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}");
        await browser.Page.GotoAsync("/identity");

        Assert.NotEmpty(browser.Requests);
        Assert.All(browser.Requests, url => Assert.StartsWith(web.BaseUrl + "/", url, StringComparison.Ordinal));
        Assert.Contains(browser.Requests, url => url.Contains("/assets/app.css", StringComparison.Ordinal));
        Assert.Contains(browser.Requests, url => url.Contains("/assets/app.js", StringComparison.Ordinal));
    }
}
