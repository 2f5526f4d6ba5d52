using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Resources.Common;

/// <summary>
/// What lakeplane_workspace_file and lakeplane_notebook share: an object of a workspace's tree at a path, its content
/// from a local file (<c>source</c>, read at plan time) or inline (<c>content_base64</c>), and its MD5 as the drift
/// check: the plan computes the MD5 of the content configured, the daemon reports the MD5 of the content stored, and a
/// difference either way (the file edited locally, or the object changed in the workspace) is an in-place re-import.
/// </summary>
public abstract class WorkspaceObjectResourceBase : ResourceDefinition
{
    public const string WorkspaceId = "workspace_id";
    public const string PathAttribute = "path";
    public const string Source = "source";
    public const string ContentBase64 = "content_base64";
    public const string Md5 = "md5";
    public const string ObjectId = "object_id";

    /// <summary>The daemon's limit for one object (Databricks' import limit).</summary>
    public const int MaxContentBytes = 10 * 1024 * 1024;

    public override string IdAttribute => PathAttribute;

    /// <summary>"a notebook", "a workspace file": how messages name the resource's object.</summary>
    protected abstract string Noun { get; }

    /// <summary>FILE or NOTEBOOK: what the daemon must hold at the path.</summary>
    protected abstract string ObjectType { get; }

    /// <summary>The import request for content planned (format, and language for notebooks).</summary>
    protected abstract ImportWorkspaceObjectRequest ImportRequest(ObjectValue planned);

    /// <summary>Attributes of the object's own kind (a notebook's language) as state.</summary>
    protected abstract void AddKindState(Dictionary<string, Value> values, WorkspaceObjectInfo info, ObjectValue? prior);

    /// <summary>Whether the object's own attributes (a notebook's language) changed, so it must be imported again.</summary>
    protected virtual bool KindChanged(ObjectValue prior, ObjectValue planned) => false;

    /// <summary>A last word on the plan of the object's own attributes.</summary>
    protected virtual void ModifyKindPlan(ObjectValue config, ref ObjectValue planned, Diagnostics diagnostics)
    {
    }

    public override void ValidateConfig(ObjectValue config, Diagnostics diagnostics)
    {
        var source = config[Source];
        var inline = config[ContentBase64];
        if (!source.IsNull && !inline.IsNull)
        {
            diagnostics.AddError("Conflicting content",
                $"Set \"{Source}\" (a local file) or \"{ContentBase64}\" (the content itself), not both.", AttributePath.Of(ContentBase64));
        }
        else if (source.IsNull && inline.IsNull)
        {
            diagnostics.AddError("Missing content",
                $"Set \"{Source}\" to the path of a local file, or \"{ContentBase64}\" to the content in base64 (e.g. base64encode(\"...\")).", AttributePath.Of(Source));
        }
    }

    /// <summary>The MD5 of the content configured, computed now: a local file edited since the last apply is a change.</summary>
    public override void ModifyPlan(ObjectValue? prior, ObjectValue config, ref ObjectValue planned, ISet<AttributePath> requiresReplace, Diagnostics diagnostics)
    {
        ModifyKindPlan(config, ref planned, diagnostics);
        var content = TryReadContent(planned, diagnostics);
        planned = planned.With(Md5, content is null ? Value.Unknown : Value.Of(Md5Hex(content)));
        if (prior is not null && requiresReplace.Count == 0)
        {
            planned = planned.With(ObjectId, prior[ObjectId]);
        }
    }

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var imported = await ImportAsync(context, planned, overwrite: false, "create " + Noun, cancellationToken);
        context.Log($"lakeplane_{Name} {imported.Path}: imported into workspace {planned.RequiredLong(WorkspaceId)} ({imported.Size} bytes, object_id {imported.ObjectId})");
        return ToState(planned.RequiredLong(WorkspaceId), imported, planned);
    }

    public override async Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var workspaceId = state.RequiredLong(WorkspaceId);
        var found = await GetAsync(context, workspaceId, state.RequiredString(PathAttribute), cancellationToken);
        return found is null ? null : ToState(workspaceId, found, state);
    }

    /// <summary>Imports again (overwriting) when the content or the notebook's language changed; otherwise nothing to do.</summary>
    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong(WorkspaceId);
        var path = planned.RequiredString(PathAttribute);
        if (prior.OptionalString(Md5) != planned.OptionalString(Md5) || planned[Md5].IsUnknown || KindChanged(prior, planned))
        {
            var imported = await ImportAsync(context, planned, overwrite: true, "update " + Noun, cancellationToken);
            context.Log($"lakeplane_{Name} {path}: imported again ({imported.Size} bytes, md5 {imported.ContentMd5})");
            return ToState(workspaceId, imported, planned);
        }
        var current = await GetAsync(context, workspaceId, path, cancellationToken)
                      ?? throw new ResourceException(Diagnostic.Error($"Cannot update {Noun}",
                          $"{path} no longer exists in workspace {workspaceId}.") with { Next = NextStep.Recreate("import it anew") });
        return ToState(workspaceId, current, planned);
    }

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteWorkspaceObjectRequest
        {
            AccountId = context.Client.AccountId,
            WorkspaceId = state.RequiredLong(WorkspaceId),
            Path = state.RequiredString(PathAttribute),
            RequestId = DaemonCalls.NewRequestId(),
        };
        return DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "delete " + Noun, async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.WorkspaceObjects.DeleteObjectAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
    }

    /// <summary>By "&lt;workspace_id&gt;/&lt;path&gt;" (1234567890123456/Shared/etl.py), or by the path alone, when exactly one
    /// workspace of the account has an object there.</summary>
    public override async Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var trimmed = id.Trim();
        if (trimmed.StartsWith('/'))
        {
            return await FindInAccountAsync(context, trimmed, cancellationToken);
        }
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == trimmed.Length - 1
            || !long.TryParse(trimmed[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var workspaceId) || workspaceId <= 0)
        {
            throw new ResourceException(Diagnostic.Error("Invalid import id",
                $"Import {Noun} by its path, such as /Shared/etl.py, or as \"<workspace_id>/<path>\", such as 1234567890123456/Shared/etl.py."));
        }
        var found = await GetAsync(context, workspaceId, trimmed[slash..], cancellationToken);
        return found is null ? null : ToState(workspaceId, found, prior: null);
    }

    private async Task<ObjectValue?> FindInAccountAsync(ResourceContext context, string path, CancellationToken cancellationToken)
    {
        ListWorkspacesResponse workspaces;
        try
        {
            var request = new ListWorkspacesRequest { AccountId = context.Client.AccountId };
            workspaces = await DaemonCalls.WithRetriesAsync(options => context.Client.Account.ListWorkspacesAsync(request, options).ResponseAsync, cancellationToken);
        }
        catch (RpcException e) when (LakeplaneError.Decode(e).ErrorCode == "PERMISSION_DENIED")
        {
            throw new ResourceException(Diagnostic.Error("Cannot search the account for the path",
                $"The provider's token may not list the account's workspaces. Import it as \"<workspace_id>{path}\" instead."));
        }
        var found = new List<(long WorkspaceId, WorkspaceObjectInfo Info)>();
        foreach (var workspace in workspaces.Workspaces.Where(w => w.WorkspaceStatus == "RUNNING"))
        {
            if (await GetAsync(context, workspace.WorkspaceId, path, cancellationToken) is { } info)
            {
                found.Add((workspace.WorkspaceId, info));
            }
        }
        return found.Count switch
        {
            0 => null,
            1 => ToState(found[0].WorkspaceId, found[0].Info, prior: null),
            _ => throw new ResourceException(Diagnostic.Error("Ambiguous import id",
                $"Workspaces {string.Join(", ", found.Select(f => f.WorkspaceId))} all have {path}: import as \"<workspace_id>{path}\" to say which.")),
        };
    }

    private async Task<WorkspaceObjectInfo> ImportAsync(ResourceContext context, ObjectValue planned, bool overwrite, string action, CancellationToken cancellationToken)
    {
        var content = ReadContent(planned);
        if (planned[Md5] is StringValue { Value: var plannedMd5 } && plannedMd5 != Md5Hex(content))
        {
            var where = planned[Source].IsNull ? ContentBase64 : $"the file {planned.OptionalString(Source)}";
            throw new ResourceException(Diagnostic.Error($"Content changed since the plan",
                $"The content of {where} is not what was planned (MD5 {plannedMd5}): it changed between plan and apply. Plan again.",
                AttributePath.Of(planned[Source].IsNull ? ContentBase64 : Source)));
        }
        var request = ImportRequest(planned);
        request.AccountId = context.Client.AccountId;
        request.WorkspaceId = planned.RequiredLong(WorkspaceId);
        request.Path = planned.RequiredString(PathAttribute);
        request.Content = ByteString.CopyFrom(content);
        request.Overwrite = overwrite;
        request.RequestId = DaemonCalls.NewRequestId();
        return await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, action, () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.WorkspaceObjects.ImportObjectAsync(request, options).ResponseAsync, cancellationToken));
    }

    private static Task<WorkspaceObjectInfo?> GetAsync(ResourceContext context, long workspaceId, string path, CancellationToken cancellationToken) =>
        DaemonCalls.GetOrNullAsync(options => context.Client.WorkspaceObjects.GetObjectStatusAsync(
            new GetWorkspaceObjectStatusRequest { AccountId = context.Client.AccountId, WorkspaceId = workspaceId, Path = path }, options).ResponseAsync, cancellationToken);

    /// <summary>
    /// The daemon's object as state. The content's origin (source, content_base64) is only the configuration's; md5 is the
    /// daemon's, so an object changed in the workspace plans as a change. An object of another kind at the path (a
    /// notebook where a file is managed) has no MD5 of ours: the plan imports the right kind over it.
    /// </summary>
    protected ObjectValue ToState(long workspaceId, WorkspaceObjectInfo info, ObjectValue? prior)
    {
        var values = new Dictionary<string, Value>(StringComparer.Ordinal)
        {
            [WorkspaceId] = Value.Of(workspaceId),
            [PathAttribute] = Value.Of(info.Path),
            [Source] = prior?[Source] is StringValue source ? source : Value.Null,
            [ContentBase64] = prior?[ContentBase64] is StringValue inline ? inline : Value.Null,
            [Md5] = Value.Of(info.ObjectType == ObjectType ? info.ContentMd5 : ""),
            [ObjectId] = Value.Of(info.ObjectId),
        };
        AddKindState(values, info, prior);
        return new ObjectValue(values);
    }

    /// <summary>The content configured, or null when it is not known yet (diagnostics say why when it cannot be read).</summary>
    private static byte[]? TryReadContent(ObjectValue planned, Diagnostics diagnostics)
    {
        if (planned[Source].IsUnknown || planned[ContentBase64].IsUnknown || (planned[Source].IsNull && planned[ContentBase64].IsNull))
        {
            return null;
        }
        try
        {
            return ReadContent(planned);
        }
        catch (ResourceException exception)
        {
            diagnostics.Add(exception.Diagnostic);
            return null;
        }
    }

    /// <summary>The content: the local file read now, or the inline base64 decoded. ResourceException on the attribute otherwise.</summary>
    protected static byte[] ReadContent(ObjectValue planned)
    {
        if (planned.OptionalString(Source) is { } source)
        {
            var full = Path.GetFullPath(source);
            try
            {
                var length = new FileInfo(full).Length;
                if (length > MaxContentBytes)
                {
                    throw new ResourceException(Diagnostic.Error("Source file too large",
                        $"{source} is {length} bytes: at most {MaxContentBytes} (10 MiB) can be imported into a workspace.", AttributePath.Of(Source)));
                }
                return File.ReadAllBytes(full);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new ResourceException(Diagnostic.Error("Cannot read source file",
                    $"{source} (as {full}): {exception.Message} Give the path of a readable local file, e.g. \"${{path.module}}/etl.py\".", AttributePath.Of(Source)));
            }
        }
        var inline = planned.OptionalString(ContentBase64) ?? "";
        try
        {
            var content = Convert.FromBase64String(inline);
            return content.Length <= MaxContentBytes
                ? content
                : throw new ResourceException(Diagnostic.Error("Content too large",
                    $"content_base64 holds {content.Length} bytes: at most {MaxContentBytes} (10 MiB) can be imported into a workspace.", AttributePath.Of(ContentBase64)));
        }
        catch (FormatException)
        {
            throw new ResourceException(Diagnostic.Error("Invalid content_base64",
                "content_base64 is not base64: write base64encode(\"...\") or filebase64(\"file\").", AttributePath.Of(ContentBase64)));
        }
    }

    protected static string Md5Hex(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));
}
