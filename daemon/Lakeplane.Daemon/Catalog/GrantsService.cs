using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Identity;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// Grants on securables (/permissions) and what reaches a principal through them (/effective-permissions). Changing
/// grants needs MANAGE on the securable (inherited from its catalog or schema too), its ownership or a parent's, or
/// metastore admin; metastore grants only a metastore admin. Those who may see a securable read its grants: all of them
/// with MANAGE, otherwise only the ones that reach themselves.
/// </summary>
public sealed class GrantsService(CatalogCalls calls)
{
    public Task<PermissionsList> GetAsync(AuthenticatedPrincipal caller, GetPermissionsRequest request, CancellationToken cancellationToken)
    {
        var type = SecurableTypes.Parse("securable_type", request.SecurableType);
        return calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var path = await ResolveAsync(session, type, request.FullName, cancellationToken);
            RequireSee(session, path);
            var managesIt = session.Holds(path, Privilege.Manage);
            var list = new PermissionsList();
            bool Shown(string principal) => (request.Principal.Length == 0 || request.Principal == principal) && (managesIt || session.Identity.IsCoveredBy(principal));
            foreach (var (principal, privileges) in path.Target.Grants.Assignments.Where(pair => Shown(pair.Key)))
            {
                list.PrivilegeAssignments.Add(new PrivilegeAssignment { Principal = principal, Privileges = { privileges } });
            }
            list.ClaimedPrincipals.Add(path.Target.Grants.Claimed.Where(Shown));
            return list;
        }, cancellationToken);
    }

    public Task<PermissionsList> UpdateAsync(AuthenticatedPrincipal caller, UpdatePermissionsRequest request, CancellationToken cancellationToken)
    {
        var type = SecurableTypes.Parse("securable_type", request.SecurableType);
        // Normalised before the transaction: a misspelt privilege fails fast, naming the change it is in.
        var changes = request.Changes.Select((change, i) => (
            Principal: change.Principal,
            Field: $"changes[{i}]",
            Add: change.Add.Select((p, j) => Privilege.NormaliseFor($"changes[{i}].add[{j}]", p, type)).ToList(),
            Remove: change.Remove.Select((p, j) => Privilege.NormaliseFor($"changes[{i}].remove[{j}]", p, type)).ToList(),
            change.Claim,
            change.Release)).ToList();
        foreach (var change in changes.Where(c => c.Claim && c.Release))
        {
            throw LakeplaneException.Invalid(change.Field + ".release", $"{change.Field}.release and {change.Field}.claim are both set for {change.Principal}: send one of the two.");
        }
        return calls.WriteAsync(caller, request.WorkspaceId, "grants.update", request.RequestId, request, async (session, transaction) =>
        {
            var path = await ResolveAsync(session, type, request.FullName, cancellationToken);
            if (type == SecurableType.Metastore)
            {
                session.RequireMetastoreAdmin("granting privileges on the metastore");
            }
            else
            {
                session.Require(path, Privilege.Manage);
            }
            var grants = path.Target.Grants;
            foreach (var change in changes)
            {
                // Removing from a principal that no longer exists must stay possible: only additions and claims need a real principal.
                if (change.Add.Count > 0 || change.Claim || change.Principal.Length == 0)
                {
                    await CatalogValidation.PrincipalAsync(transaction, session.Sessions, session.AccountId, change.Field + ".principal", change.Principal, cancellationToken);
                }
                if (request.RespectClaims && grants.IsClaimed(change.Principal) && !change.Claim && !change.Release)
                {
                    throw LakeplaneException.Conflict(
                        $"{change.Field}.principal: the privileges of {change.Principal} on {type.ToLabel()} {path.Target.FullName} are managed by a lakeplane_grant (an additive grant claimed them), " +
                        $"so the authoritative lakeplane_grants may not change them: list {change.Principal} in only one of the two resources.",
                        change.Field + ".principal");
                }
                grants = grants.Apply(change.Principal, change.Add, change.Remove);
                if (change.Claim || change.Release)
                {
                    grants = grants.WithClaim(change.Principal, change.Claim);
                }
            }
            await CatalogRows.SaveGrantsAsync(transaction, session.AccountId, session.MetastoreId, path.Target.Id, grants, cancellationToken);
            var details = string.Join("; ", changes.Select(c =>
                $"{c.Principal} +[{string.Join(",", c.Add)}] -[{string.Join(",", c.Remove)}]{(c.Claim ? " claim" : "")}{(c.Release ? " release" : "")}"));
            return new MutationOutcome<PermissionsList>(CatalogRows.ToMessage(grants), ObjectKinds.Grants, path.Target.Id,
                $"securable={type.ToPathName()}:{path.Target.FullName} {details}");
        }, cancellationToken);
    }

    /// <summary>Whether <see cref="UpdateAsync"/> would let the caller change the securable's grants (the same rule, asked
    /// ahead): the web UI offers grant and revoke only to those, and still sends the change through UpdateAsync.</summary>
    public Task<bool> MayChangeAsync(AuthenticatedPrincipal caller, long workspaceId, string securableType, string fullName, CancellationToken cancellationToken)
    {
        var type = SecurableTypes.Parse("securable_type", securableType);
        return calls.ReadAsync(caller, workspaceId, async session =>
        {
            var path = await ResolveAsync(session, type, fullName, cancellationToken);
            return type == SecurableType.Metastore ? session.IsMetastoreAdmin : session.Holds(path, Privilege.Manage);
        }, cancellationToken);
    }

    public Task<EffectivePermissionsList> GetEffectiveAsync(AuthenticatedPrincipal caller, GetEffectivePermissionsRequest request, CancellationToken cancellationToken)
    {
        var type = SecurableTypes.Parse("securable_type", request.SecurableType);
        return calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var path = await ResolveAsync(session, type, request.FullName, cancellationToken);
            RequireSee(session, path);
            var managesIt = session.Holds(path, Privilege.Manage);
            Func<string, bool>? reaches;
            if (request.Principal.Length > 0)
            {
                if (request.Principal != session.Identity.Name && !managesIt)
                {
                    throw PrivilegeEvaluator.Denied(session.CallerLabel, path.Target, Privilege.Manage);
                }
                var subject = await IdentityOfAsync(session, request.Principal, cancellationToken);
                reaches = subject.IsCoveredBy;
            }
            else
            {
                reaches = managesIt ? null : session.Identity.IsCoveredBy;
            }
            var list = new EffectivePermissionsList();
            foreach (var (principal, privileges) in PrivilegeEvaluator.Effective(path, reaches))
            {
                list.PrivilegeAssignments.Add(new EffectivePrivilegeAssignment
                {
                    Principal = principal,
                    Privileges =
                    {
                        privileges.Select(p => new EffectivePrivilege
                        {
                            Privilege = p.Privilege,
                            InheritedFromType = p.InheritedFrom?.Type.ToWireName() ?? "",
                            InheritedFromName = p.InheritedFrom?.FullName ?? "",
                            FromOwnership = p.FromOwnership,
                        }),
                    },
                });
            }
            return list;
        }, cancellationToken);
    }

    /// <summary>The path of the securable a grants call names.</summary>
    internal static async Task<SecurablePath> ResolveAsync(CatalogSession session, SecurableType type, string fullName, CancellationToken cancellationToken)
    {
        const string field = "full_name";
        switch (type)
        {
            case SecurableType.Metastore:
                if (fullName != session.MetastoreId && fullName != session.Metastore.Info.Name)
                {
                    throw LakeplaneException.NotFound(field, $"Metastore '{fullName}' is not the metastore of this workspace ({session.MetastoreId}): name it by that id.");
                }
                return session.Metastore.Path;
            case SecurableType.Catalog:
                return (await session.CatalogAsync(CatalogNames.Securable(field, fullName), field, cancellationToken)).Path;
            case SecurableType.Schema:
                return (await session.SchemaByFullNameAsync(fullName, field, cancellationToken)).Schema.Path;
            case SecurableType.Table:
            {
                var (_, schema, name) = await session.ParentsOfAsync(fullName, field, cancellationToken);
                return (await session.TableAsync(schema, name, field, cancellationToken)).Path;
            }
            case SecurableType.Volume:
            {
                var (_, schema, name) = await session.ParentsOfAsync(fullName, field, cancellationToken);
                return (await session.VolumeAsync(schema, name, field, cancellationToken)).Path;
            }
            case SecurableType.Function:
            {
                var (_, schema, name) = await session.ParentsOfAsync(fullName, field, cancellationToken);
                return (await session.FunctionAsync(schema, name, field, cancellationToken)).Path;
            }
            case SecurableType.StorageCredential:
                return (await session.StorageCredentialAsync(CatalogNames.Named(field, fullName), field, cancellationToken)).Path;
            default:
                return (await session.ExternalLocationAsync(CatalogNames.Named(field, fullName), field, cancellationToken)).Path;
        }
    }

    private static void RequireSee(CatalogSession session, SecurablePath path)
    {
        if (!session.MaySee(path))
        {
            var privilege = path.Target.Type switch
            {
                SecurableType.Catalog => Privilege.UseCatalog,
                SecurableType.Schema => Privilege.UseSchema,
                SecurableType.Table => Privilege.Select,
                SecurableType.Volume => Privilege.ReadVolume,
                SecurableType.Function => Privilege.Execute,
                SecurableType.Metastore => "any privilege",
                _ => Privilege.Browse,
            };
            throw PrivilegeEvaluator.Denied(session.CallerLabel, path.Target, privilege);
        }
    }

    /// <summary>Another principal as grants see it: with every group it belongs to, directly or through nested groups — for a
    /// group, the groups it is a member of — so what reaches a group through its parents is reported too.</summary>
    private static async Task<GrantIdentity> IdentityOfAsync(CatalogSession session, string principal, CancellationToken cancellationToken) =>
        await session.Sessions.Directory.ResolveGrantNameAsync(session.Reader, session.AccountId, principal, cancellationToken)
        ?? throw LakeplaneException.Invalid("principal", CatalogValidation.UnknownPrincipal("principal", principal));
}
