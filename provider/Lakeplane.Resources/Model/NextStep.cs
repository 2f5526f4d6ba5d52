namespace Lakeplane.Resources.Model;

/// <summary>
/// What the user can do after an operation that did not finish, as facts of the model. A
/// diagnostic's detail says what happened and what to do in words both engines' users read
/// correctly; the command to run ("terraform apply", "pulumi up --refresh") and the way to give an
/// operation more time (Terraform's timeouts block, Pulumi's customTimeouts) belong to each engine,
/// so each adapter words this step and adds it to the detail.
/// </summary>
/// <param name="Operation">The operation that did not finish.</param>
public sealed record NextStep(ResourceOperation Operation)
{
    /// <summary>The object exists but did not finish, and is kept in state with the error.</summary>
    public bool KeptIncomplete { get; init; }

    /// <summary>The operation ran out of its deadline: waiting longer may be all it needs.</summary>
    public bool DeadlineMayHelp { get; init; }

    /// <summary>Set when the object is gone from lakeplaned: what running again does ("re-create it",
    /// "issue a new one"), once the engine has noticed that it is gone.</summary>
    public string? RecreatePurpose { get; init; }

    /// <summary>The object is gone from lakeplaned; running again <paramref name="purpose"/>.</summary>
    public static NextStep Recreate(string purpose = "re-create it") => new(ResourceOperation.Update) { RecreatePurpose = purpose };
}
