using System.Net;
using System.Text;
using System.Text.Json;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;
using Lakeplane.Storage.Tests.Support;

namespace Lakeplane.Lineage.Tests.Api;

/// <summary>
/// OpenLineage in (POST /api/v1/lineage, the events of the OpenLineage specification's own examples with their
/// dataset names pointed at this catalog's tables) and Databricks' lineage API out, against a real lakeplaned on each
/// storage driver: mapping by full name and by location, external nodes, column lineage, 400s naming the JSON path,
/// masking by grants, renames kept and drops marked.
/// </summary>
public abstract class LineageApiTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : class, IStorageDaemon
{
    /// <summary>The full event of the specification's ColumnLineageDatasetFacet.md example (made strict JSON), with
    /// "instance.schema.table" and "instance.schema.output_table" replaced by the tables given.</summary>
    private static string ColumnLineageExample(string input, string output) => """
        {
          "eventType": "START",
          "eventTime": "2020-12-09T23:37:31.081Z",
          "run": { "runId": "3b452093-782c-4ef2-9c0c-aafe2aa6f34d" },
          "job": { "namespace": "my-scheduler-namespace", "name": "myjob.mytask" },
          "inputs": [
            {
              "namespace": "my-datasource-namespace",
              "name": "INPUT",
              "facets": { "schema": { "fields": [ { "name": "ia", "type": "INT" }, { "name": "ib", "type": "INT" } ] } }
            }
          ],
          "outputs": [
            {
              "namespace": "my-datasource-namespace",
              "name": "OUTPUT",
              "facets": {
                "schema": { "fields": [ { "name": "a", "type": "INT" }, { "name": "b", "type": "INT" } ] },
                "columnLineage": {
                  "fields": {
                    "a": {
                      "inputFields": [ { "namespace": "my-datasource-namespace", "name": "INPUT", "field": "ia" } ],
                      "transformationDescription": "identical",
                      "transformationType": "IDENTITY"
                    }
                  }
                }
              }
            }
          ],
          "producer": "https://github.com/OpenLineage/OpenLineage/blob/v1-0-0/client",
          "schemaURL": "https://openlineage.io/spec/1-0-0/OpenLineage.json#/definitions/RunEvent"
        }
        """.Replace("INPUT", input, StringComparison.Ordinal).Replace("OUTPUT", output, StringComparison.Ordinal);

    /// <summary>The specification's "START event with single input" (a PostgreSQL table, which no catalog table is) with an output added.</summary>
    private static string ExternalInputExample(string output, string inputNamespace, string inputName) => $$"""
        {
          "eventType": "COMPLETE",
          "eventTime": "2020-12-28T19:52:00.001+10:00",
          "run": { "runId": "d46e465b-d358-4d32-83d4-df660ff614dd" },
          "job": { "namespace": "workshop", "name": "process_taxes" },
          "inputs": [ { "namespace": "{{inputNamespace}}", "name": "{{inputName}}" } ],
          "outputs": [ { "namespace": "spark", "name": "{{output}}" } ],
          "producer": "https://github.com/OpenLineage/OpenLineage/blob/v1-0-0/client"
        }
        """;

    private async Task<(VolumeWorld World, TableInfo Input, TableInfo Output)> TablesAsync()
    {
        var world = await VolumeWorld.OfAsync(daemon);
        async Task<TableInfo> Table(string stem) => await world.Admin.Catalog.CreateTableAsync(new CreateTableRequest
        {
            WorkspaceId = world.WorkspaceId, CatalogName = world.Catalog, SchemaName = world.Schema, Name = stem + "_" + Guid.NewGuid().ToString("N")[..8],
            Columns = { new ColumnInfo { Name = "ia", TypeName = "INT", TypeText = "int" }, new ColumnInfo { Name = "ib", TypeName = "INT", TypeText = "int" } },
        });
        return (world, await Table("raw"), await Table("clean"));
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string body) =>
        await Expect.RestOkAsync(await http.PostAsync("/api/v1/lineage", new StringContent(body, Encoding.UTF8, "application/json")), HttpStatusCode.Created);

    private static async Task<JsonElement> TableLineageAsync(HttpClient http, string table) =>
        await Expect.RestOkAsync(await http.GetAsync($"/api/2.0/lineage-tracking/table-lineage?table_name={table}&include_entity_lineage=true"));

    [Fact]
    public async Task The_specification_example_gives_table_and_column_lineage_by_full_name_in_any_namespace()
    {
        var (world, input, output) = await TablesAsync();
        var http = world.Http();

        var recorded = await PostAsync(http, ColumnLineageExample(input.FullName, output.FullName));
        Assert.Equal(1, recorded.GetProperty("table_edges").GetInt32());
        Assert.Equal(1, recorded.GetProperty("column_edges").GetInt32());

        var lineage = await TableLineageAsync(http, output.FullName);
        var upstream = Assert.Single(lineage.GetProperty("upstreams").EnumerateArray());
        var info = upstream.GetProperty("tableInfo");
        Assert.Equal((input.Name, world.Catalog, world.Schema, "TABLE"),
            (info.GetProperty("name").GetString(), info.GetProperty("catalog_name").GetString(), info.GetProperty("schema_name").GetString(), info.GetProperty("table_type").GetString()));
        Assert.Equal("2020-12-09T23:37:31.081Z", info.GetProperty("lineage_timestamp").GetString());
        Assert.Equal("myjob.mytask", upstream.GetProperty("jobInfos")[0].GetProperty("job_name").GetString());
        Assert.Empty(lineage.GetProperty("downstreams").EnumerateArray());

        var downstream = Assert.Single((await TableLineageAsync(http, input.FullName)).GetProperty("downstreams").EnumerateArray());
        Assert.Equal(output.Name, downstream.GetProperty("tableInfo").GetProperty("name").GetString());

        // The parameters in a JSON body, as Databricks' SDKs send them.
        var columns = await Expect.RestOkAsync(await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/2.0/lineage-tracking/column-lineage")
        {
            Content = new StringContent($$"""{"table_name": "{{output.FullName}}", "column_name": "a"}""", Encoding.UTF8, "application/json"),
        }));
        var column = Assert.Single(columns.GetProperty("upstream_cols").EnumerateArray());
        Assert.Equal(("ia", input.Name), (column.GetProperty("name").GetString(), column.GetProperty("table_name").GetString()));
        var back = await Expect.RestOkAsync(await http.GetAsync($"/api/2.0/lineage-tracking/column-lineage?table_name={input.FullName}&column_name=ia"));
        Assert.Equal("a", Assert.Single(back.GetProperty("downstream_cols").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_dataset_under_a_table_storage_location_maps_to_that_table_and_others_stay_external()
    {
        var (world, input, output) = await TablesAsync();
        var http = world.Http();
        var location = new Uri(input.StorageLocation);
        await PostAsync(http, ExternalInputExample(output.FullName, $"s3://{location.Host}", location.AbsolutePath.TrimStart('/') + "/part-00000.snappy.parquet"));
        await PostAsync(http, ExternalInputExample(output.FullName, "postgres://workshop-db:None", "workshop.public.taxes"));

        var upstreams = (await TableLineageAsync(http, output.FullName)).GetProperty("upstreams").EnumerateArray().ToList();
        Assert.Equal(2, upstreams.Count);
        Assert.Contains(upstreams, u => u.TryGetProperty("tableInfo", out var t) && t.GetProperty("name").GetString() == input.Name);
        var external = Assert.Single(upstreams, u => u.TryGetProperty("fileInfo", out _)).GetProperty("fileInfo");
        Assert.Equal("postgres://workshop-db:None/workshop.public.taxes", external.GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_malformed_event_is_refused_with_400_naming_the_json_path()
    {
        var (world, input, output) = await TablesAsync();
        var http = world.Http();
        async Task<string> Refused(string body) => await Expect.RestErrorAsync(
            await http.PostAsync("/api/v1/lineage", new StringContent(body, Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        var example = ColumnLineageExample(input.FullName, output.FullName);
        Assert.Contains("$.run.runId", await Refused(example.Replace("\"runId\": \"3b452093-782c-4ef2-9c0c-aafe2aa6f34d\"", "\"runId\": \"not-a-uuid\"", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("$.outputs[0].facets.columnLineage.fields.a.inputFields[0].field",
            await Refused(example.Replace("\"field\": \"ia\"", "\"column\": \"ia\"", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("$.job.name", await Refused(example.Replace("\"name\": \"myjob.mytask\"", "\"name\": 7", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("$.eventTime", await Refused(example.Replace("2020-12-09T23:37:31.081Z", "last tuesday", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("$", await Refused("[1, 2]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_sees_tables_it_may_not_browse_only_masked_and_is_refused_lineage_of_a_table_it_cannot_see()
    {
        var (world, input, output) = await TablesAsync();
        await PostAsync(world.Http(), ColumnLineageExample(input.FullName, output.FullName));
        var (userName, http) = await world.UserAsync();
        await world.GrantAsync("catalog", world.Catalog, userName, "USE_CATALOG");
        await world.GrantAsync("schema", $"{world.Catalog}.{world.Schema}", userName, "USE_SCHEMA");

        await Expect.RestErrorAsync(await http.GetAsync($"/api/2.0/lineage-tracking/table-lineage?table_name={output.FullName}"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");

        await world.GrantAsync("table", output.FullName, userName, "SELECT");
        var masked = Assert.Single((await TableLineageAsync(http, output.FullName)).GetProperty("upstreams").EnumerateArray()).GetProperty("tableInfo");
        Assert.Equal(("__masked__", "__masked__"), (masked.GetProperty("name").GetString(), masked.GetProperty("catalog_name").GetString()));
        var maskedColumn = await Expect.RestOkAsync(await http.GetAsync($"/api/2.0/lineage-tracking/column-lineage?table_name={output.FullName}&column_name=a"));
        Assert.Equal("__masked__", Assert.Single(maskedColumn.GetProperty("upstream_cols").EnumerateArray()).GetProperty("table_name").GetString());

        await world.GrantAsync("table", input.FullName, userName, "SELECT");
        var visible = Assert.Single((await TableLineageAsync(http, output.FullName)).GetProperty("upstreams").EnumerateArray()).GetProperty("tableInfo");
        Assert.Equal(input.Name, visible.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Lineage_follows_a_rename_and_marks_a_dropped_table()
    {
        var (world, input, output) = await TablesAsync();
        var http = world.Http();
        await PostAsync(http, ColumnLineageExample(input.FullName, output.FullName));

        var renamed = "renamed_" + Guid.NewGuid().ToString("N")[..8];
        await world.Admin.Catalog.UpdateTableAsync(new UpdateTableRequest { WorkspaceId = world.WorkspaceId, FullName = input.FullName, NewName = renamed });
        var afterRename = Assert.Single((await TableLineageAsync(http, output.FullName)).GetProperty("upstreams").EnumerateArray()).GetProperty("tableInfo");
        Assert.Equal(renamed, afterRename.GetProperty("name").GetString());
        Assert.False(afterRename.TryGetProperty("deleted", out _));

        await world.Admin.Catalog.DeleteTableAsync(new DeleteTableRequest { WorkspaceId = world.WorkspaceId, FullName = $"{world.Catalog}.{world.Schema}.{renamed}" });
        var afterDrop = Assert.Single((await TableLineageAsync(http, output.FullName)).GetProperty("upstreams").EnumerateArray()).GetProperty("tableInfo");
        Assert.True(afterDrop.GetProperty("deleted").GetBoolean());
    }
}

public sealed class LocalLineageApiTests(LocalDaemonFixture daemon) : LineageApiTests<LocalDaemonFixture>(daemon);

public sealed class S3LineageApiTests(S3DaemonFixture daemon) : LineageApiTests<S3DaemonFixture>(daemon);
