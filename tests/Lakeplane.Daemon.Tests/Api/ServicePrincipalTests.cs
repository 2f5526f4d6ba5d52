using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Api;

/// <summary>Service principals: an application id (UUID) each, found by it, unique, fixed for life.</summary>
public abstract class ServicePrincipalTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : DaemonFixture
{
    private const string ServicePrincipals = "/api/2.0/preview/scim/v2/ServicePrincipals";

    [Fact]
    public async Task A_service_principal_gets_an_application_id_and_is_found_by_it()
    {
        using var http = daemon.Http();
        var displayName = Unique.Name("deployer");
        var created = await Expect.RestOkAsync(await http.PostAsJsonAsync(ServicePrincipals, new
        {
            schemas = new[] { "urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal" },
            displayName,
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        var applicationId = created.GetProperty("applicationId").GetString()!;
        Assert.True(Guid.TryParseExact(applicationId, "D", out _));
        Assert.True(created.GetProperty("active").GetBoolean());

        var found = await Expect.RestOkAsync(await http.GetAsync($"{ServicePrincipals}?filter={Uri.EscapeDataString($"applicationId eq \"{applicationId}\"")}"));
        Assert.Equal(1, found.GetProperty("totalResults").GetInt32());
        Assert.Equal(id, found.GetProperty("Resources")[0].GetProperty("id").GetString());
        var byName = await Expect.RestOkAsync(await http.GetAsync($"{ServicePrincipals}?filter={Uri.EscapeDataString($"displayName eq \"{displayName}\"")}"));
        Assert.Equal(applicationId, byName.GetProperty("Resources")[0].GetProperty("applicationId").GetString());
        // Service principals are not users.
        var asUser = await Expect.RestOkAsync(await http.GetAsync($"/api/2.0/preview/scim/v2/Users?filter={Uri.EscapeDataString($"userName eq \"{applicationId}\"")}"));
        Assert.Equal(0, asUser.GetProperty("totalResults").GetInt32());
        await Expect.RestErrorAsync(await http.GetAsync($"/api/2.0/preview/scim/v2/Users/{id}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        var patched = await Expect.RestOkAsync(await http.PatchAsJsonAsync($"{ServicePrincipals}/{id}", new
        {
            Operations = new object[] { new { op = "replace", path = "displayName", value = displayName + "-renamed" }, new { op = "replace", path = "active", value = "False" } },
        }));
        Assert.Equal(displayName + "-renamed", patched.GetProperty("displayName").GetString());
        Assert.False(patched.GetProperty("active").GetBoolean());
        Assert.Equal(applicationId, patched.GetProperty("applicationId").GetString());

        var changeId = await Expect.RestErrorAsync(await http.PutAsJsonAsync($"{ServicePrincipals}/{id}", new { displayName, applicationId = Guid.NewGuid().ToString() }),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("applicationId", changeId, StringComparison.Ordinal);
        var put = await Expect.RestOkAsync(await http.PutAsJsonAsync($"{ServicePrincipals}/{id}", new { displayName, applicationId, active = true }));
        Assert.True(put.GetProperty("active").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{ServicePrincipals}/{id}")).StatusCode);
        await Expect.RestErrorAsync(await http.GetAsync($"{ServicePrincipals}/{id}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task A_given_application_id_must_be_a_free_uuid()
    {
        var admin = daemon.Connect();
        var detail = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "application_id",
            () => admin.Identity.CreateServicePrincipalAsync(new CreateServicePrincipalRequest { DisplayName = Unique.Name("sp"), ApplicationId = "not-a-uuid" }));
        Assert.Contains("UUID", detail.Message, StringComparison.Ordinal);
        var applicationId = Guid.NewGuid().ToString();
        var created = await admin.Identity.CreateServicePrincipalAsync(new CreateServicePrincipalRequest { DisplayName = Unique.Name("sp"), ApplicationId = applicationId.ToUpperInvariant() });
        Assert.Equal(applicationId, created.ApplicationId);
        await Expect.RpcErrorAsync(StatusCode.AlreadyExists, "RESOURCE_ALREADY_EXISTS", "application_id",
            () => admin.Identity.CreateServicePrincipalAsync(new CreateServicePrincipalRequest { DisplayName = Unique.Name("sp"), ApplicationId = applicationId }));
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "display_name",
            () => admin.Identity.CreateServicePrincipalAsync(new CreateServicePrincipalRequest()));
    }

    [Fact]
    public async Task Service_principals_over_grpc_are_idempotent_listed_and_deleted()
    {
        var admin = daemon.Connect();
        var request = new CreateServicePrincipalRequest { DisplayName = Unique.Name("grpc-sp"), Entitlements = { "workspace-access" }, RequestId = Unique.RequestId() };
        var first = await admin.Identity.CreateServicePrincipalAsync(request);
        Assert.Equal(first, await admin.Identity.CreateServicePrincipalAsync(request));
        Assert.Equal(["workspace-access"], first.Entitlements);
        var listed = await admin.Identity.ListServicePrincipalsAsync(new ListServicePrincipalsRequest { Filter = $"applicationId eq \"{first.ApplicationId}\"" });
        Assert.Equal(first, Assert.Single(listed.ServicePrincipals));
        var updated = await admin.Identity.UpdateServicePrincipalAsync(new UpdateServicePrincipalRequest
        {
            Id = first.Id, Entitlements = new ListChange { Add = { "databricks-sql-access" }, Remove = { "workspace-access" } }, ExpectedVersion = first.Version,
        });
        Assert.Equal(["databricks-sql-access"], updated.Entitlements);
        await admin.Identity.DeleteServicePrincipalAsync(new DeleteServicePrincipalRequest { Id = first.Id, ExpectedVersion = updated.Version });
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "id",
            () => admin.Identity.GetServicePrincipalAsync(new GetServicePrincipalRequest { Id = first.Id }));
    }
}

public sealed class ServicePrincipalTestsOnSqlite(DaemonFixture daemon) : ServicePrincipalTests<DaemonFixture>(daemon);

public sealed class ServicePrincipalTestsOnPostgres(PostgresDaemonFixture daemon) : ServicePrincipalTests<PostgresDaemonFixture>(daemon);
