using System.Text;
using Amazon.S3.Model;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;
using Lakeplane.Storage.Tests.Support;

namespace Lakeplane.Storage.Tests.EndToEnd;

/// <summary>
/// A workspace on the s3 driver keeps its data-plane bytes in S3: a workspace file imported through the REST API and a
/// job run's output (a command task on a real local cluster) are found in the s3rver bucket with the AWS SDK, the file
/// as ciphertext only, and none of it anywhere under the daemon's data directory.
/// </summary>
public sealed class WorkspaceDataOnS3Tests(S3JobDaemonFixture daemon) : IClassFixture<S3JobDaemonFixture>
{
    [Fact]
    public async Task Workspace_files_and_run_outputs_live_in_the_s3_bucket_and_not_on_the_daemons_disk()
    {
        var marker = Guid.NewGuid().ToString("N");
        var fileSource = $"# lakeplane workspace file {marker}\nprint('from the file', 6 * 7)\n";
        // Computed by the task, so the line itself is in no job setting the store keeps: only the output has it.
        var printed = $"run output line {marker} 42";
        var directory = "/Shared/" + marker;
        Assert.Equal(200, (await daemon.RestAsync(HttpMethod.Post, "/api/2.0/workspace/mkdirs", new { path = directory })).Status);
        var (imported, error) = await daemon.RestAsync(HttpMethod.Post, "/api/2.0/workspace/import", new
        {
            path = directory + "/etl.py", format = "RAW", content = Convert.ToBase64String(Encoding.UTF8.GetBytes(fileSource)),
        });
        Assert.True(imported == 200, error.ToString());

        var job = new JobSettings
        {
            Name = "s3-data",
            Tasks =
            {
                daemon.CommandTask("say", $"echo \"run output line {marker} $((6 * 7))\"; echo 'to stderr {marker}' >&2"),
                // Reads the workspace file back through the driver to run it.
                new JobTask { TaskKey = "file", ExistingClusterId = daemon.Cluster.ClusterId, SparkPythonTask = new SparkPythonTask { PythonFile = directory + "/etl.py" } },
            },
        };
        var run = await daemon.WaitForFinalAsync(await daemon.RunNowAsync(await daemon.CreateJobAsync(job)));
        Assert.True(run.State.ResultState == "SUCCESS", run.ToString());
        var say = run.Tasks.Single(t => t.TaskKey == "say");
        var file = run.Tasks.Single(t => t.TaskKey == "file");
        var sayOutput = await daemon.OutputAsync(say.RunId);
        Assert.Equal(printed + "\n", sayOutput.Logs);
        Assert.Equal("from the file 42\n", (await daemon.OutputAsync(file.RunId)).Logs);
        Assert.StartsWith($"s3://{daemon.RootBucket}/{daemon.Workspace.DeploymentName}/jobs/runs/", sayOutput.LogsLocation, StringComparison.Ordinal);

        // The bucket itself, read with the AWS SDK behind lakeplaned's back.
        var objects = await ObjectsAsync(daemon.RootBucket);
        var prefix = daemon.Workspace.DeploymentName + "/";
        Assert.All(objects.Keys, key => Assert.StartsWith(prefix, key, StringComparison.Ordinal));
        var blobs = objects.Where(o => o.Key.StartsWith(prefix + "workspace-files/", StringComparison.Ordinal)).ToList();
        var blob = Assert.Single(blobs);
        Assert.True(blob.Value.Length > fileSource.Length, "the stored file is sealed (nonce and tag around the ciphertext)");
        foreach (var (key, content) in objects)
        {
            Assert.False(Contains(content, fileSource) || Contains(content, "print('from the file'"), $"{key} holds the workspace file's plaintext");
        }
        // Kept per run and task key: <root>/jobs/runs/<run_id>/<task_key>/stdout and stderr.
        var outputKey = sayOutput.LogsLocation[$"s3://{daemon.RootBucket}/".Length..];
        Assert.Equal(printed + "\n", Encoding.UTF8.GetString(objects[outputKey]));
        Assert.Contains(objects, o => o.Key == $"{prefix}jobs/runs/{run.RunId}/say/stderr" && Encoding.UTF8.GetString(o.Value) == $"to stderr {marker}\n");
        Assert.Contains(objects, o => o.Key == $"{prefix}jobs/runs/{run.RunId}/file/stdout" && Encoding.UTF8.GetString(o.Value) == "from the file 42\n");

        // Nothing of it on the daemon's disk: no local storage root, and no file under the data directory (store,
        // node directories, logs) holds the output, the file's text or the marker.
        Assert.False(Directory.Exists(Path.Combine(daemon.DataDirectory, "storage")), "the local driver's storage directory exists");
        foreach (var path in Directory.EnumerateFiles(daemon.DataDirectory, "*", SearchOption.AllDirectories))
        {
            byte[] content;
            try
            {
                content = await File.ReadAllBytesAsync(path);
            }
            catch (IOException)
            {
                continue; // a file that went away while listing (a node's working directory being removed)
            }
            Assert.False(Contains(content, printed), $"{path} holds the run's output");
            Assert.False(Contains(content, "print('from the file'"), $"{path} holds the workspace file's text");
        }
    }

    private async Task<Dictionary<string, byte[]>> ObjectsAsync(string bucket)
    {
        using var s3 = daemon.S3.Client();
        var objects = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var request = new ListObjectsV2Request { BucketName = bucket };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request);
            foreach (var item in page.S3Objects ?? [])
            {
                using var response = await s3.GetObjectAsync(bucket, item.Key);
                using var buffer = new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer);
                objects[item.Key] = buffer.ToArray();
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return objects;
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
