using Lakeplane.Daemon.Tests.Support;
using Microsoft.Playwright;

namespace Lakeplane.Web.Tests.Support;

/// <summary>Where the tests put pictures of the main views: .work/screenshots on every run; docs/screenshots (committed,
/// shown by the README) only when LAKEPLANE_UPDATE_SCREENSHOTS=1, so an ordinary test run leaves the work tree clean.</summary>
public static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        var root = DaemonBinary.RepositoryRoot();
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        var folders = new List<string> { Path.Combine(root, ".work", "screenshots") };
        if (Environment.GetEnvironmentVariable("LAKEPLANE_UPDATE_SCREENSHOTS") == "1")
        {
            folders.Add(Path.Combine(root, "docs", "screenshots"));
        }
        foreach (var folder in folders)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, name + ".png"), bytes);
        }
    }
}
