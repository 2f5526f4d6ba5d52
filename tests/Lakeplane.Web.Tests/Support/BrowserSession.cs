using Microsoft.Playwright;

namespace Lakeplane.Web.Tests.Support;

/// <summary>
/// One person's browser: a context with its own cookies and one page. Every request the page makes is recorded, so a test
/// can prove the application needs nothing beyond the daemon (no CDN, no font service).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly List<string> _requests = [];

    public BrowserSession(WebFixture fixture, IBrowserContext context, IPage page)
    {
        Fixture = fixture;
        Context = context;
        Page = page;
        context.Request += (_, request) => { lock (_requests) { _requests.Add(request.Url); } };
        // Confirmation dialogs (terminate, revoke) are answered yes, as the person clicking meant it.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
    }

    public WebFixture Fixture { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public IReadOnlyList<string> Requests { get { lock (_requests) { return [.. _requests]; } } }

    public async Task SignInAsync(string token)
    {
        await Page.GotoAsync("/signin");
        await Page.GetByLabel("Token").FillAsync(token);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Leaving /signin is the sign-in; the page after it is checked by the callers' own auto-waiting assertions. Waiting
        // for its load event as well timed out once (30 s) under the full suite's load, after the URL had changed.
        await Page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
    }

    /// <summary>Saves a screenshot of the page under .work/screenshots (and docs/screenshots when LAKEPLANE_UPDATE_SCREENSHOTS=1,
    /// which is how the README's pictures are refreshed).</summary>
    public Task ScreenshotAsync(string name) => Screenshots.SaveAsync(Page, name);

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
