using System.Globalization;
using System.Text;
using Lakeplane.Daemon.Storage;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// Where a task's output is kept: in the workspace's own storage, <c>&lt;root&gt;/jobs/runs/&lt;run_id&gt;/&lt;task_key&gt;/stdout</c>
/// (and <c>stderr</c>), overwritten by each attempt. runs/get-output reads the head of stdout up to the configured
/// limit and says so when it cut.
/// </summary>
public sealed class RunOutputs(IWorkspaceStorage storage, JobSettingsOptions options)
{
    public const string Stdout = "stdout";
    public const string Stderr = "stderr";
    private const int ErrorTraceBytes = 64 * 1024;

    public async Task<StorageLocation> LocationAsync(string accountId, long workspaceId, long runId, string taskKey, string stream, CancellationToken cancellationToken)
    {
        var root = await storage.GetRootAsync(accountId, workspaceId, cancellationToken);
        return root.Root.Child($"jobs/runs/{runId.ToString(CultureInfo.InvariantCulture)}/{taskKey}/{stream}");
    }

    public async Task WriteAsync(string accountId, long workspaceId, long runId, string taskKey, string stream, Stream content, CancellationToken cancellationToken)
    {
        var root = await storage.GetRootAsync(accountId, workspaceId, cancellationToken);
        var location = root.Root.Child($"jobs/runs/{runId.ToString(CultureInfo.InvariantCulture)}/{taskKey}/{stream}");
        await storage.Driver.PutAsync(root.Access, location, content, cancellationToken);
    }

    public async Task<GetRunOutputResponse> ReadAsync(string accountId, Run run, RunTask task, CancellationToken cancellationToken)
    {
        var root = await storage.GetRootAsync(accountId, run.WorkspaceId, cancellationToken);
        var stdout = root.Root.Child($"jobs/runs/{run.RunId.ToString(CultureInfo.InvariantCulture)}/{task.TaskKey}/{Stdout}");
        var stderr = root.Root.Child($"jobs/runs/{run.RunId.ToString(CultureInfo.InvariantCulture)}/{task.TaskKey}/{Stderr}");
        var response = new GetRunOutputResponse { Metadata = run.Clone(), LogsLocation = stdout.ToString() };
        var (logs, length) = await HeadAsync(root.Access, stdout, options.OutputLimitBytes, cancellationToken);
        if (length > options.OutputLimitBytes)
        {
            response.LogsTruncated = true;
            logs += $"\n[output truncated: showing the first {options.OutputLimitBytes.ToString(CultureInfo.InvariantCulture)} of {length.ToString(CultureInfo.InvariantCulture)} bytes; the whole output is at {stdout}]";
        }
        response.Logs = logs;
        if (task.State is { ResultState: RunStates.Failed or RunStates.TimedOut } state)
        {
            response.Error = state.StateMessage;
            response.ErrorTrace = await TailAsync(root.Access, stderr, ErrorTraceBytes, cancellationToken);
        }
        return response;
    }

    private async Task<(string Text, long Length)> HeadAsync(StorageAccess access, StorageLocation location, int limit, CancellationToken cancellationToken)
    {
        await using var read = await storage.Driver.OpenReadAsync(access, location, cancellationToken);
        if (read is null)
        {
            return ("", 0);
        }
        var buffer = new byte[(int)Math.Min(limit, Math.Max(0, read.Info.Length))];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var n = await read.Content.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (n == 0)
            {
                break;
            }
            filled += n;
        }
        return (Encoding.UTF8.GetString(buffer, 0, filled), read.Info.Length);
    }

    private async Task<string> TailAsync(StorageAccess access, StorageLocation location, int limit, CancellationToken cancellationToken)
    {
        await using var read = await storage.Driver.OpenReadAsync(access, location, cancellationToken);
        if (read is null)
        {
            return "";
        }
        // Streams from storage need not seek: read through, keeping the last window.
        var window = new byte[limit];
        var total = 0L;
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await read.Content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                window[(total + i) % limit] = chunk[i];
            }
            total += n;
        }
        if (total <= limit)
        {
            return Encoding.UTF8.GetString(window, 0, (int)total);
        }
        var start = (int)(total % limit);
        var ordered = new byte[limit];
        Array.Copy(window, start, ordered, 0, limit - start);
        Array.Copy(window, 0, ordered, limit - start, start);
        return Encoding.UTF8.GetString(ordered);
    }
}
