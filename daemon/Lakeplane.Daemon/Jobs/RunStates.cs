namespace Lakeplane.Daemon.Jobs;

/// <summary>The run and task states of the Databricks jobs API 2.1, and what they mean to the scheduler.</summary>
public static class RunStates
{
    public const string Pending = "PENDING";
    public const string Running = "RUNNING";
    public const string Terminating = "TERMINATING";
    public const string Terminated = "TERMINATED";
    public const string Skipped = "SKIPPED";
    public const string InternalError = "INTERNAL_ERROR";

    public const string Success = "SUCCESS";
    public const string Failed = "FAILED";
    public const string TimedOut = "TIMEDOUT";
    public const string Canceled = "CANCELED";
    public const string Excluded = "EXCLUDED";
    public const string UpstreamFailed = "UPSTREAM_FAILED";

    public const string TriggerPeriodic = "PERIODIC";
    public const string TriggerOneTime = "ONE_TIME";

    /// <summary>Whether a life cycle state is final: the run or task will not change any more.</summary>
    public static bool IsFinal(string lifeCycleState) => lifeCycleState is Terminated or Skipped or InternalError;
}
