using System.Security.Cryptography;
using System.Text;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Lakeplane.Resources.Resources;

namespace Lakeplane.Resources.Tests.Resources;

/// <summary>
/// How lakeplane_workspace_file and lakeplane_notebook plan: the MD5 of the configured content is computed at plan time
/// (a local edit is a change, the same content is none, however it is spelled), a notebook's language comes from the
/// source's extension, and bad content is a diagnostic on the attribute that holds it.
/// </summary>
public sealed class WorkspaceObjectPlanningTests : IDisposable
{
    private static readonly WorkspaceFileResource File = new();
    private static readonly NotebookResource Notebook = new();

    private readonly string _directory = Directory.CreateTempSubdirectory("lakeplane-plan-").FullName;

    private string Local(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    private static ObjectValue Config(string? source = null, string? inline = null, string? language = null, bool notebook = false)
    {
        var values = new Dictionary<string, Value>
        {
            ["workspace_id"] = Value.Of(7L),
            ["path"] = Value.Of("/Shared/etl.py"),
            ["source"] = Value.Of(source),
            ["content_base64"] = Value.Of(inline),
            ["md5"] = Value.Null,
            ["object_id"] = Value.Null,
        };
        if (notebook)
        {
            values["language"] = Value.Of(language);
        }
        return new ObjectValue(values);
    }

    private static ObjectValue State(ObjectValue config, string md5, string? language = null)
    {
        var state = config.With("md5", Value.Of(md5)).With("object_id", Value.Of(42L));
        return language is null ? state : state.With("language", Value.Of(language));
    }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Create_plans_the_md5_of_the_local_file()
    {
        var plan = ResourcePlanner.Plan(File, prior: null, Config(source: Local("etl.py", "print(1)\n")));
        Assert.False(plan.Diagnostics.HasErrors);
        Assert.Equal(Value.Of(Md5("print(1)\n")).ToString(), plan.Planned["md5"].ToString());
        Assert.True(plan.Planned["object_id"].IsUnknown);
    }

    [Fact]
    public void Same_content_plans_no_change_and_a_local_edit_plans_the_new_md5_keeping_the_object_id()
    {
        var source = Local("etl.py", "print(1)\n");
        var config = Config(source: source);
        var state = State(config, Md5("print(1)\n"));
        Assert.False(PlannedChange.Differs(File.Schema.Root, state, ResourcePlanner.Plan(File, state, config).Planned));

        System.IO.File.WriteAllText(source, "print(2)\n");
        var edited = ResourcePlanner.Plan(File, state, config);
        Assert.Equal(Value.Of(Md5("print(2)\n")).ToString(), edited.Planned["md5"].ToString());
        Assert.Equal("42", edited.Planned["object_id"].ToString());
        Assert.Empty(edited.RequiresReplace);
    }

    [Fact]
    public void A_change_in_the_workspace_plans_the_configured_md5_back()
    {
        var config = Config(inline: Convert.ToBase64String("x = 1"u8.ToArray()));
        var drifted = State(config, Md5("x = 2"));
        var plan = ResourcePlanner.Plan(File, drifted, config);
        Assert.Equal(Value.Of(Md5("x = 1")).ToString(), plan.Planned["md5"].ToString());
        Assert.True(PlannedChange.Differs(File.Schema.Root, drifted, plan.Planned));
    }

    [Fact]
    public void Missing_source_file_and_bad_base64_are_diagnostics_on_their_attribute()
    {
        var missing = ResourcePlanner.Plan(File, prior: null, Config(source: Path.Combine(_directory, "nope.py")));
        var error = Assert.Single(missing.Diagnostics.Items);
        Assert.Equal("Cannot read source file", error.Summary);
        Assert.Equal(AttributePath.Of("source"), error.Path);

        var bad = ResourcePlanner.Plan(File, prior: null, Config(inline: "not base64!"));
        Assert.Equal(AttributePath.Of("content_base64"), Assert.Single(bad.Diagnostics.Items).Path);
    }

    [Fact]
    public void Source_and_content_base64_are_one_or_the_other()
    {
        var both = new Diagnostics();
        File.ValidateConfig(Config(source: "a.py", inline: "eA=="), both);
        Assert.Equal("Conflicting content", Assert.Single(both.Items).Summary);
        var neither = new Diagnostics();
        File.ValidateConfig(Config(), neither);
        Assert.Equal(AttributePath.Of("source"), Assert.Single(neither.Items).Path);
    }

    [Fact]
    public void Notebook_language_comes_from_the_source_extension_or_must_be_given()
    {
        var plan = ResourcePlanner.Plan(Notebook, prior: null, Config(source: Local("daily.sql", "SELECT 1"), notebook: true));
        Assert.Equal("\"SQL\"", plan.Planned["language"].ToString());

        var unknownExtension = new Diagnostics();
        Notebook.ValidateConfig(Config(source: "notes.txt", notebook: true), unknownExtension);
        Assert.Equal(AttributePath.Of("language"), Assert.Single(unknownExtension.Items).Path);
        var inlineWithoutLanguage = new Diagnostics();
        Notebook.ValidateConfig(Config(inline: "eA==", notebook: true), inlineWithoutLanguage);
        Assert.Equal(AttributePath.Of("language"), Assert.Single(inlineWithoutLanguage.Items).Path);
    }

    [Fact]
    public void Changing_workspace_or_path_replaces()
    {
        var config = Config(inline: "eA==");
        var state = State(config, Md5("x"));
        var moved = ResourcePlanner.Plan(File, state, config.With("path", Value.Of("/Shared/other.py")));
        Assert.Contains(AttributePath.Of("path"), moved.RequiresReplace);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
