namespace Lakeplane.Terraform.Hosting;

/// <summary>
/// What the go-plugin host (terraform) asked for through the environment, or why this process
/// must not serve: started by hand, or by a terraform that speaks no protocol we do.
/// </summary>
public sealed record PluginLaunch(int ProtocolVersion, string? ClientCertificatePem, string? Refusal)
{
    /// <summary>The cookie terraform sets so that a plugin knows it was started by terraform.</summary>
    public const string MagicCookieKey = "TF_PLUGIN_MAGIC_COOKIE";
    public const string MagicCookieValue = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

    /// <summary>The only plugin protocol we serve: tfplugin6, which terraform 1.0 and later speak.</summary>
    public const int SupportedProtocolVersion = 6;

    public static string NotStartedByTerraformMessage =>
        """
        This is terraform-provider-lakeplane, a plugin for Terraform: it is not meant to be run by hand.

        To use it, declare it in your configuration and run terraform:

          terraform {
            required_providers {
              lakeplane = { source = "lakeplane/lakeplane" }
            }
          }

        `make install` puts it where `terraform init` finds it without a registry.
        """;

    public bool ShouldServe => Refusal is null;

    public static PluginLaunch FromEnvironment(Func<string, string?> environment)
    {
        if (environment(MagicCookieKey) != MagicCookieValue)
        {
            return new PluginLaunch(0, null, NotStartedByTerraformMessage);
        }

        // go-plugin lists the versions the host speaks; with none listed it takes the plugin's own.
        var offered = environment("PLUGIN_PROTOCOL_VERSIONS");
        if (!string.IsNullOrWhiteSpace(offered))
        {
            var versions = offered.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (!versions.Contains(SupportedProtocolVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                return new PluginLaunch(0, null,
                    $"terraform-provider-lakeplane speaks plugin protocol {SupportedProtocolVersion} (Terraform 1.0 and later); " +
                    $"this Terraform offers {offered}. Upgrade Terraform.");
            }
        }

        var clientCertificate = environment("PLUGIN_CLIENT_CERT");
        return new PluginLaunch(SupportedProtocolVersion, string.IsNullOrWhiteSpace(clientCertificate) ? null : clientCertificate, null);
    }
}
