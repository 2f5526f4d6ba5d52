using System.Globalization;
using System.Text;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.EphemeralResources;

/// <summary>
/// ephemeral "lakeplane_token": a short-lived workspace token for one run — issued when the run
/// opens it, revoked when the run closes it, never in plan or state. Typically configures an
/// aliased provider that acts inside the workspace. The token is revoked at close whatever its
/// lifetime; the lifetime bounds how long it could be misused if a run dies before closing it.
/// </summary>
public sealed class TokenEphemeralResource : EphemeralResourceDefinition
{
    public const long DefaultLifetimeSeconds = 3600;
    public const long MinLifetimeSeconds = 60;
    public const long MaxLifetimeSeconds = 86400;

    public override string Name => "token";

    public override ObjectSchema Schema { get; } = new()
    {
        Description = "A workspace token that exists only while a Terraform run uses it: issued when the run opens it, revoked when the run ends, never stored in plan or state.",
        Attributes =
        [
            Attr.Number("workspace_id").Required().Describe("Id of the workspace the token is valid in."),
            Attr.String("comment").Optional().Validate(Validators.LengthBetween(0, 1000)).Describe("What the token is for; shown when listing the workspace's tokens."),
            Attr.Number("lifetime_seconds").Optional().Computed().Default(Value.Of(DefaultLifetimeSeconds))
                .Validate(new NumberRangeValidator(MinLifetimeSeconds, MaxLifetimeSeconds))
                .Describe("How long the token stays valid if the run ends without revoking it, in seconds."),
            Attr.String("token_id").Computed().Describe("Id of the token."),
            Attr.Number("expiry_time").Computed().Describe("When the token expires, in epoch milliseconds."),
            Attr.String("token_value").Computed().Sensitive().Describe("The secret, for a provider block's token."),
        ],
    };

    public override async Task<EphemeralResult> OpenAsync(ResourceContext context, ObjectValue config, CancellationToken cancellationToken)
    {
        var lifetime = config.OptionalLong("lifetime_seconds") ?? DefaultLifetimeSeconds;
        var request = new CreateTokenRequest
        {
            AccountId = context.Client.AccountId,
            WorkspaceId = config.RequiredLong("workspace_id"),
            Comment = config.OptionalString("comment") ?? "",
            LifetimeSeconds = lifetime,
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await DaemonErrors.RethrowAsDiagnosticAsync(Schema, "issue token", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Identity.CreateTokenAsync(request, options).ResponseAsync, cancellationToken));
        var token = created.TokenInfo;
        context.Log($"ephemeral lakeplane_token {token.TokenId} issued in workspace {token.WorkspaceId}, valid for {lifetime}s unless revoked first");
        var result = new ObjectValue(new Dictionary<string, Value>
        {
            ["workspace_id"] = Value.Of(token.WorkspaceId),
            // As configured: terraform requires a non-computed attribute to come back exactly as written.
            ["comment"] = config["comment"],
            ["lifetime_seconds"] = Value.Of(lifetime),
            ["token_id"] = Value.Of(token.TokenId),
            ["expiry_time"] = Value.Of(token.ExpiryTime),
            ["token_value"] = Value.Of(created.TokenValue),
        });
        return new EphemeralResult(result, RenewAt: null, TokenReference.Encode(token.WorkspaceId, token.TokenId));
    }

    public override async Task CloseAsync(ResourceContext context, byte[]? privateData, CancellationToken cancellationToken)
    {
        var (workspaceId, tokenId) = TokenReference.Decode(privateData);
        var request = new DeleteTokenRequest
        {
            AccountId = context.Client.AccountId,
            WorkspaceId = workspaceId,
            TokenId = tokenId,
            RequestId = DaemonCalls.NewRequestId(),
        };
        await DaemonErrors.RethrowAsDiagnosticAsync(Schema, "revoke token", async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.Identity.DeleteTokenAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
        context.Log($"ephemeral lakeplane_token {tokenId} revoked in workspace {workspaceId}");
    }

    /// <summary>
    /// Which token to revoke at close, as "&lt;workspace_id&gt;/&lt;token_id&gt;" (the import id form):
    /// ids only, never the secret, since the tool holds these bytes for the whole run.
    /// </summary>
    internal static class TokenReference
    {
        public static byte[] Encode(long workspaceId, string tokenId) =>
            Encoding.UTF8.GetBytes(workspaceId.ToString(CultureInfo.InvariantCulture) + "/" + tokenId);

        public static (long WorkspaceId, string TokenId) Decode(byte[]? privateData)
        {
            var parts = privateData is null ? [] : Encoding.UTF8.GetString(privateData).Split('/');
            if (parts.Length != 2 || parts[1].Length == 0
                || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var workspaceId))
            {
                throw new ResourceException(Diagnostic.Error(
                    "Cannot revoke token",
                    "The provider's record of which token it issued is missing or malformed, so the token cannot be revoked here; it expires at the end of its lifetime_seconds. This is a bug; please report it."));
            }
            return (workspaceId, parts[1]);
        }
    }
}
