using System.Diagnostics;
using System.Text.Json;

namespace Lakeplane.Terraform.Tests.EndToEnd.Support;

/// <summary>
/// A terraform working directory of its own — configuration, state, TF_DATA_DIR — run with the
/// real terraform CLI and the provider installed through a CLI configuration written here
/// (dev_overrides: no registry, no init). Nothing is shared with other tests or the user's
/// ~/.terraformrc, so tests can run side by side.
/// </summary>
public sealed class TerraformDirectory : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    private readonly Dictionary<string, string?> _environment;

    /// <param name="lakeplane">LAKEPLANE_HOST/ACCOUNT_ID/TOKEN for the provider; null: none at all.</param>
    public TerraformDirectory(string name, IReadOnlyDictionary<string, string>? lakeplane)
    {
        Root = Directory.CreateTempSubdirectory($"lakeplane-e2e-{name}-").FullName;
        Directory.CreateDirectory(WorkingDirectory);
        var cliConfig = Path.Combine(Root, "terraform.rc");
        File.WriteAllText(cliConfig, $$"""
            provider_installation {
              dev_overrides {
                "lakeplane/lakeplane" = "{{LakeplaneBinaries.Directory}}"
              }
              direct {}
            }
            """);
        _environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["TF_CLI_CONFIG_FILE"] = cliConfig,
            ["TF_DATA_DIR"] = Path.Combine(Root, "data"),
            ["TF_IN_AUTOMATION"] = "1",
            ["TF_INPUT"] = "0",
            ["CHECKPOINT_DISABLE"] = "1",
            ["TF_LOG"] = null,
            ["TF_LOG_PROVIDER"] = null,
            ["LAKEPLANE_HOST"] = null,
            ["LAKEPLANE_ACCOUNT_ID"] = null,
            ["LAKEPLANE_TOKEN"] = null,
        };
        foreach (var (key, value) in lakeplane ?? new Dictionary<string, string>())
        {
            _environment[key] = value;
        }
        // Fail fast with a clear message rather than terraform's "could not find provider".
        _ = LakeplaneBinaries.Provider;
    }

    public string Root { get; }

    public string WorkingDirectory => Path.Combine(Root, "config");

    /// <summary>Replaces main.tf; the required_providers block is added, as every configuration needs it.</summary>
    public void WriteMain(string hcl) => WriteFile("main.tf", ProvidersBlock + hcl);

    public void WriteFile(string name, string content) => File.WriteAllText(Path.Combine(WorkingDirectory, name), content);

    public void SetEnvironment(string name, string? value) => _environment[name] = value;

    public const string ProvidersBlock = """
        terraform {
          required_providers {
            lakeplane = {
              source = "lakeplane/lakeplane"
            }
          }
        }

        """;

    public Task<TerraformResult> ApplyAsync() => RunAsync("apply", "-auto-approve");

    /// <summary>`plan -detailed-exitcode`: 0 when there is nothing to do, 2 when there are changes, 1 on errors.</summary>
    public Task<TerraformResult> PlanAsync() => RunAsync("plan", "-detailed-exitcode");

    public async Task ExpectEmptyPlanAsync()
    {
        var plan = await PlanAsync();
        Assert.True(plan.ExitCode == 0, $"expected no changes after apply/import: {plan}");
        plan.ExpectOutput("No changes.");
    }

    /// <summary>`terraform show -json` values of one resource (or data source) by address; null when not in state.</summary>
    public async Task<JsonElement?> StateOfAsync(string address)
    {
        var show = (await RunAsync("show", "-json")).Expect(0);
        using var document = JsonDocument.Parse(show.Stdout);
        if (!document.RootElement.TryGetProperty("values", out var values) || !values.TryGetProperty("root_module", out var module)
            || !module.TryGetProperty("resources", out var resources))
        {
            return null;
        }
        foreach (var resource in resources.EnumerateArray())
        {
            if (resource.GetProperty("address").GetString() == address)
            {
                return resource.Clone();
            }
        }
        return null;
    }

    public async Task<JsonElement> OutputsAsync()
    {
        var output = (await RunAsync("output", "-json")).Expect(0);
        using var document = JsonDocument.Parse(output.Stdout);
        return document.RootElement.Clone();
    }

    public async Task<TerraformResult> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("terraform")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(arguments[0]);
        // `terraform state <subcommand>` takes no -no-color (and prints no color).
        if (arguments[0] != "state")
        {
            start.ArgumentList.Add("-no-color");
        }
        foreach (var argument in arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in _environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("terraform did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"terraform {string.Join(' ', arguments)} did not finish in {CommandTimeout}: {await stdout}{await stderr}");
        }
        return new TerraformResult(string.Join(' ', arguments), process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp directory; not worth failing a test over.
        }
    }
}
