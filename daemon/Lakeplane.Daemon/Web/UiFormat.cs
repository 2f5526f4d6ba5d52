using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace Lakeplane.Daemon.Web;

/// <summary>How pages write values people read: times as &lt;time&gt; elements in UTC that the page's script shows in the
/// viewer's own time zone (the server cannot know it), and states as badges whose colour is never the only cue.</summary>
public static class UiFormat
{
    /// <summary>Epoch milliseconds as &lt;time datetime="…Z"&gt;; 0 or less reads "—".</summary>
    public static IHtmlContent Time(long epochMilliseconds)
    {
        if (epochMilliseconds <= 0)
        {
            return new HtmlString("<span aria-label=\"never\">—</span>");
        }
        var at = DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds).UtcDateTime;
        var iso = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var text = at.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        return new HtmlString($"<time datetime=\"{iso}\" data-local>{text}</time>");
    }

    /// <summary>A state word as a badge; its class picks the colour, the word itself carries the meaning.</summary>
    public static IHtmlContent State(string state)
    {
        var tone = state switch
        {
            "RUNNING" or "VALID" or "SUCCESS" or "ACTIVE" => "ok",
            "PENDING" or "RESTARTING" or "RESIZING" or "PROVISIONING" or "TERMINATING" or "QUEUED" or "BLOCKED" or "WAITING_FOR_RETRY" => "busy",
            "FAILED" or "ERROR" or "BROKEN" or "BANNED" or "INTERNAL_ERROR" or "TIMEDOUT" or "UPSTREAM_FAILED" => "bad",
            _ => "idle",
        };
        var word = string.IsNullOrEmpty(state) ? "UNKNOWN" : state;
        return new HtmlString($"<span class=\"badge badge-{tone}\" data-state=\"{System.Net.WebUtility.HtmlEncode(word)}\">{System.Net.WebUtility.HtmlEncode(word)}</span>");
    }

    /// <summary>A fresh request id for a form: a double submit or a retried post is answered once, like an API retry.</summary>
    public static string NewRequestId() => "web-" + Guid.NewGuid().ToString("N");

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
