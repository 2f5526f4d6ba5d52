namespace Lakeplane.Terraform.Tests.EndToEnd.Support;

/// <summary>What one terraform command did: its exit code and everything it printed.</summary>
public sealed record TerraformResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    public override string ToString() => $"`terraform {Command}` exited {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    /// <summary>Fails with the whole output unless terraform exited with <paramref name="expected"/>.</summary>
    public TerraformResult Expect(int expected)
    {
        Assert.True(ExitCode == expected, $"expected exit code {expected}: {this}");
        return this;
    }

    public TerraformResult ExpectOutput(string fragment)
    {
        Assert.True(Output.Contains(fragment, StringComparison.Ordinal), $"expected the output to contain \"{fragment}\": {this}");
        return this;
    }

    /// <summary>Like <see cref="ExpectOutput"/>, for text terraform wraps to its terminal width (diagnostic details, plan diffs): whitespace runs compare as one space.</summary>
    public TerraformResult ExpectOutputUnwrapped(string fragment)
    {
        var unwrapped = string.Join(' ', Output.Replace("│", " ", StringComparison.Ordinal).Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        Assert.True(unwrapped.Contains(fragment, StringComparison.Ordinal), $"expected the output to contain \"{fragment}\" (line breaks aside): {this}");
        return this;
    }

    public TerraformResult ExpectNoOutput(string fragment)
    {
        Assert.False(Output.Contains(fragment, StringComparison.Ordinal), $"expected the output not to contain \"{fragment}\": {this}");
        return this;
    }

    /// <summary>
    /// An error diagnostic that terraform attached to a configuration line: its summary, the
    /// source line it points at (so the attribute path reached terraform), and part of its detail.
    /// </summary>
    public TerraformResult ExpectDiagnostic(string summary, string sourceLine, string detail)
    {
        var blocks = Output.Split("Error: ", StringSplitOptions.None).Skip(1);
        var block = blocks.FirstOrDefault(b => b.StartsWith(summary + "\n", StringComparison.Ordinal) && b.Contains(sourceLine, StringComparison.Ordinal));
        Assert.True(block is not null, $"expected \"Error: {summary}\" pointing at the line \"{sourceLine}\": {this}");
        var unwrapped = string.Join(' ', block.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        Assert.True(unwrapped.Contains(detail, StringComparison.Ordinal), $"expected \"Error: {summary}\" to say \"{detail}\": {this}");
        return this;
    }
}
