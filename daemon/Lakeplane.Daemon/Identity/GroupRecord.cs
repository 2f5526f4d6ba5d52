namespace Lakeplane.Daemon.Identity;

/// <summary>A stored group. Its row's name is its display name (unique in the account, how grants name it).</summary>
/// <param name="GroupIds">The groups this group is a direct member of (nested membership, walked upwards).</param>
public sealed record GroupRecord(
    string GroupId,
    string DisplayName,
    string ExternalId,
    IReadOnlyList<string> Entitlements,
    IReadOnlyList<string> GroupIds,
    long CreationTime);

/// <summary>
/// One direct membership, stored as its own row in the scope of its group so a group's members are listed with one
/// indexed query. The member's record keeps the same fact as a group id, for walking upwards; both change in one transaction.
/// </summary>
/// <param name="MemberKind">USER (also the bootstrap admin), SERVICE_PRINCIPAL or GROUP.</param>
public sealed record GroupMemberRecord(string GroupId, string MemberId, string MemberKind);
