using System.Globalization;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources;

/// <summary>
/// lakeplane_token (databricks_token): a personal access token valid in one workspace. Its
/// secret, token_value, exists only in the create response — the daemon keeps a hash — so it is
/// carried over from state on every read, and an imported token has none (null), which is not
/// a change. Tokens cannot be edited: every argument replaces the token.
/// </summary>
public sealed class TokenResource : ResourceDefinition
{
    private const string Immutable = "Tokens cannot be changed; a new one is issued.";

    public override string Name => "token";

    public override string IdAttribute => "token_id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "A token for calling a workspace's API. Import with \"<workspace_id>/<token_id>\"; an imported token has no token_value.",
        Attributes =
        [
            Attr.Number("workspace_id").Required().RequiresReplace(Immutable).Describe("Id of the workspace the token is valid in."),
            Attr.String("comment").Optional().RequiresReplace(Immutable).Validate(Validators.LengthBetween(0, 1000)).Describe("What the token is for."),
            Attr.Number("lifetime_seconds").Optional().RequiresReplace(Immutable)
                .Describe("How long the token is valid, in seconds; unset or 0: it never expires."),
            Attr.String("token_id").Computed().UseStateForUnknown().Describe("Id of the token."),
            Attr.Number("creation_time").Computed().UseStateForUnknown().Describe("When the token was created, in epoch milliseconds."),
            Attr.Number("expiry_time").Computed().UseStateForUnknown().Describe("When the token expires, in epoch milliseconds; -1 when never."),
            Attr.String("token_value").Computed().Sensitive().UseStateForUnknown()
                .Describe("The secret. Known only to the apply that created the token; null after import."),
        ],
    });

    public override void ValidateConfig(ObjectValue config, Diagnostics diagnostics)
    {
        if (config["lifetime_seconds"] is NumberValue { Value: < 0 })
        {
            diagnostics.AddError("Invalid lifetime_seconds", "\"lifetime_seconds\" must be 0 (never expires) or a positive number of seconds.", AttributePath.Of("lifetime_seconds"));
        }
    }

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var request = new CreateTokenRequest
        {
            AccountId = context.Client.AccountId,
            WorkspaceId = planned.RequiredLong("workspace_id"),
            Comment = planned.OptionalString("comment") ?? "",
            LifetimeSeconds = planned.OptionalLong("lifetime_seconds") ?? 0,
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "create token", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Identity.CreateTokenAsync(request, options).ResponseAsync, cancellationToken));
        return ToState(created.TokenInfo, planned, Value.Of(created.TokenValue));
    }

    public override async Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var found = await GetAsync(context, state.RequiredLong("workspace_id"), state.RequiredString("token_id"), cancellationToken);
        return found is null ? null : ToState(found, state, state["token_value"]);
    }

    /// <summary>Every argument replaces, so there is never an in-place change to send; the state is re-read.</summary>
    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken) =>
        await ReadAsync(context, prior, cancellationToken)
        ?? throw new ResourceException(Diagnostic.Error("Cannot update token", "It no longer exists in lakeplaned.") with { Next = NextStep.Recreate("issue a new one") });

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteTokenRequest
        {
            AccountId = context.Client.AccountId,
            WorkspaceId = state.RequiredLong("workspace_id"),
            TokenId = state.RequiredString("token_id"),
            RequestId = DaemonCalls.NewRequestId(),
        };
        return DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "delete token", async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.Identity.DeleteTokenAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
    }

    public override async Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var parts = id.Trim().Split('/');
        if (parts.Length != 2 || parts[1].Length == 0
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var workspaceId))
        {
            throw new ResourceException(Diagnostic.Error(
                "Invalid import id",
                "A token is imported as \"<workspace_id>/<token_id>\", for example 1234567890123456/4f0a2c6e9b1d3f57: a token belongs to one workspace."));
        }
        var found = await GetAsync(context, workspaceId, parts[1], cancellationToken);
        return found is null ? null : ToState(found, prior: null, Value.Null);
    }

    /// <param name="prior">State or plan: how the configuration wrote comment and lifetime_seconds.</param>
    /// <param name="secret">token_value: from the create response, else from prior state (null after import).</param>
    internal static ObjectValue ToState(TokenInfo token, ObjectValue? prior, Value secret) => new(new Dictionary<string, Value>
    {
        ["workspace_id"] = Value.Of(token.WorkspaceId),
        ["comment"] = token.Comment.Length == 0 && (prior is null || prior["comment"].IsNull) ? Value.Null : Value.Of(token.Comment),
        ["lifetime_seconds"] = Lifetime(token, prior),
        ["token_id"] = Value.Of(token.TokenId),
        ["creation_time"] = Value.Of(token.CreationTime),
        ["expiry_time"] = Value.Of(token.ExpiryTime),
        ["token_value"] = secret,
    });

    /// <summary>
    /// The daemon does not store the lifetime; it follows from creation and expiry. A lifetime
    /// the configuration wrote is kept as written when it agrees (0 and unset both mean "never
    /// expires"), so a read never shows a change the user did not make.
    /// </summary>
    private static Value Lifetime(TokenInfo token, ObjectValue? prior)
    {
        long? derived = token.ExpiryTime < 0 ? null : (long)Math.Round((token.ExpiryTime - token.CreationTime) / 1000.0);
        var written = prior?.OptionalLong("lifetime_seconds");
        if (written == derived || (written == 0 && derived is null))
        {
            return written is null ? Value.Null : Value.Of(written.Value);
        }
        return derived is null ? Value.Null : Value.Of(derived.Value);
    }

    private static async Task<TokenInfo?> GetAsync(ResourceContext context, long workspaceId, string tokenId, CancellationToken cancellationToken)
    {
        var request = new GetTokenRequest { AccountId = context.Client.AccountId, WorkspaceId = workspaceId, TokenId = tokenId };
        return await DaemonCalls.GetOrNullAsync(options => context.Client.Identity.GetTokenAsync(request, options).ResponseAsync, cancellationToken);
    }
}
