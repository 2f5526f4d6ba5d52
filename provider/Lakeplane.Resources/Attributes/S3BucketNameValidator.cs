using System.Net;
using System.Text.RegularExpressions;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>
/// Amazon S3's bucket naming rules, as lakeplaned checks them: 3–63 characters of lowercase
/// letters, digits, dots and hyphens, beginning and ending with a letter or digit, no two dots
/// in a row or next to a hyphen, not formatted like an IP address, and none of S3's reserved
/// prefixes (xn--, sthree-, amzn-s3-demo-) or suffixes (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3). Each broken rule is reported by itself.
/// </summary>
public sealed partial class S3BucketNameValidator : IValueValidator
{
    public string Description =>
        "An S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, " +
        "without \"..\" or a dot next to a hyphen, not an IP address, without S3's reserved prefixes and suffixes.";

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        if (value is not StringValue { Value: var name })
        {
            return;
        }
        if (name.Length is < 3 or > 63)
        {
            ValidationMessages.Invalid(diagnostics, path, $"must be 3 to 63 characters long (S3 bucket naming rules); it has {name.Length}.");
        }
        if (!AllowedCharacters().IsMatch(name))
        {
            ValidationMessages.Invalid(diagnostics, path,
                "may contain only lowercase letters, digits, dots and hyphens (S3 bucket naming rules). Use lowercase and replace other characters with hyphens.");
        }
        else if (name.Length > 0 && (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1])))
        {
            ValidationMessages.Invalid(diagnostics, path, "must begin and end with a lowercase letter or digit (S3 bucket naming rules).");
        }
        if (name.Contains("..", StringComparison.Ordinal))
        {
            ValidationMessages.Invalid(diagnostics, path, "must not contain two adjacent dots (S3 bucket naming rules).");
        }
        if (name.Contains(".-", StringComparison.Ordinal) || name.Contains("-.", StringComparison.Ordinal))
        {
            ValidationMessages.Invalid(diagnostics, path, "must not have a dot next to a hyphen (S3 bucket naming rules).");
        }
        if (ReservedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) || ReservedSuffixes.Any(p => name.EndsWith(p, StringComparison.Ordinal)))
        {
            ValidationMessages.Invalid(diagnostics, path,
                $"must not start with {string.Join(", ", ReservedPrefixes)} or end with {string.Join(", ", ReservedSuffixes)}: S3 reserves them (S3 bucket naming rules).");
        }
        if (IPAddress.TryParse(name, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && name.Count(c => c == '.') == 3)
        {
            ValidationMessages.Invalid(diagnostics, path, "must not be formatted as an IP address such as 192.168.5.4 (S3 bucket naming rules).");
        }
    }

    private static readonly string[] ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];

    private static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

    [GeneratedRegex("^[a-z0-9.-]*$")]
    private static partial Regex AllowedCharacters();
}
