using System.Text;
using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// Page tokens: the (name, id) of the last object a page looked at, so the next page continues from the store's index
/// whatever was created or deleted in between. Opaque to clients (base64url). A page may hold fewer objects than
/// max_results (those the caller may not see are left out); only an empty next_page_token means the end.
/// </summary>
public static class CatalogPaging
{
    public const int DefaultPageSize = 1000;
    public const int MaxPageSize = 1000;

    public static int PageSize(int maxResults) => maxResults switch
    {
        < 0 => throw LakeplaneException.Invalid("max_results", "max_results must be 0 (the default page size) or positive."),
        0 => DefaultPageSize,
        > MaxPageSize => MaxPageSize,
        _ => maxResults,
    };

    public static (string Name, string Id)? After(string pageToken)
    {
        if (pageToken.Length == 0)
        {
            return null;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(pageToken.Replace('-', '+').Replace('_', '/').PadRight((pageToken.Length + 3) / 4 * 4, '=')));
            var separator = text.LastIndexOf('\n');
            if (separator > 0)
            {
                return (text[..separator], text[(separator + 1)..]);
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }
        throw LakeplaneException.Invalid("page_token", "page_token is not one this API gave out: pass next_page_token of the previous page, or nothing for the first.");
    }

    /// <summary>The token after a store page: empty when the store page was not full (nothing more to read).</summary>
    public static string Next(IReadOnlyList<Store.StoredObject> storePage, int pageSize)
    {
        if (storePage.Count < pageSize)
        {
            return "";
        }
        var last = storePage[^1];
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(last.Name + "\n" + last.Id)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
