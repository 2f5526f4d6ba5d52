using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;
using Lakeplane.Web.Tests.Support;
using Microsoft.Playwright;

namespace Lakeplane.Web.Tests.Views;

/// <summary>
/// Jobs, on real node agents of a RUNNING cluster: a two-task job run from its page and followed live to SUCCESS, each
/// task's output read (one of them cut, with its note); a long run cancelled from the run page; a schedule paused and
/// resumed; and a principal of another workspace kept out of the list, the pages, and forged Run now / Cancel posts.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class JobsViewTests(WebFixture web)
{
    private const string KnownLine = "hello-from-the-web-ui";

    /// <summary>Runs are named by their run id (number_in_job is the run id, as in Databricks).</summary>
    private static readonly System.Text.RegularExpressions.Regex StartedNotice = new(@"Run \d+ started");

    [Fact]
    public async Task Run_now_is_followed_live_to_SUCCESS_and_each_tasks_output_is_shown()
    {
        // "extract" takes a few seconds, so the run page opens on a run still going; "load" waits for it and prints more
        // than the daemon's output limit, so its output is cut. The schedule is paused: only Run now starts it.
        var (jobId, name) = await JobAsync(
            new CronSchedule { QuartzCronExpression = "0 0 6 * * ?", TimezoneId = "Europe/Amsterdam", PauseStatus = "PAUSED" },
            Task("extract", $"sleep 4; echo {KnownLine}"),
            Task("load", $"seq 1 {WebFixture.OutputLimitBytes}", dependsOn: "extract"));
        await using var browser = await web.SignedInAsync();
        await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}");
        await browser.Page.GetByRole(AriaRole.Navigation, new() { Name = "Workspace" }).GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        var listed = browser.Page.Locator($"#jobs tr[data-job-id='{jobId}']");
        await Assertions.Expect(listed).ToContainTextAsync("0 0 6 * * ? (Europe/Amsterdam)");
        await Assertions.Expect(listed).ToContainTextAsync("paused");
        await Assertions.Expect(listed).ToContainTextAsync("No runs yet");
        await listed.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();

        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(browser.Page.Locator("#definition tr[data-task-key='load']")).ToContainTextAsync("extract"); // its dependency
        await Assertions.Expect(browser.Page.Locator("#runs")).ToContainTextAsync("No runs yet");

        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Status)).ToContainTextAsync(StartedNotice);
        var runUrl = browser.Page.Url;
        var started = Assert.Single((await web.Connect().Jobs.ListRunsAsync(new ListRunsRequest { WorkspaceId = web.WorkspaceId, JobId = jobId })).Runs);
        Assert.EndsWith($"/jobs/{jobId}/runs/{started.RunId}", runUrl, StringComparison.Ordinal);
        await browser.Page.EvaluateAsync("window.__stillTheSamePage = true");
        var state = browser.Page.GetByTestId("run-state").Locator(".badge");
        Assert.Contains(await state.TextContentAsync(), new[] { "PENDING", "RUNNING" });
        await Assertions.Expect(state).ToHaveTextAsync("SUCCESS", new() { Timeout = 90_000 });
        Assert.True(await browser.Page.EvaluateAsync<bool>("window.__stillTheSamePage === true"), "the page reloaded instead of updating in place");
        await Assertions.Expect(browser.Page.Locator("#announcer")).ToContainTextAsync("SUCCESS");
        await Assertions.Expect(browser.Page.GetByTestId("output-extract")).ToContainTextAsync(KnownLine);
        await Assertions.Expect(browser.Page.GetByTestId("truncated-load")).ToContainTextAsync("cut");
        await Assertions.Expect(browser.Page.GetByTestId("output-load")).ToContainTextAsync("[output truncated");
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel run" })).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("run");

        // The run history shows the run with each task's state, and its link opens the run with the output again.
        await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}/jobs/{jobId}");
        var row = browser.Page.Locator("#runs tbody tr").First;
        await Assertions.Expect(row.Locator("td").First.Locator(".badge")).ToHaveTextAsync("SUCCESS");
        await Assertions.Expect(row.Locator("li[data-task-key='extract'] .badge")).ToHaveTextAsync("SUCCESS");
        await Assertions.Expect(row.Locator("li[data-task-key='load'] .badge")).ToHaveTextAsync("SUCCESS");
        await browser.ScreenshotAsync("job");
        await row.GetByRole(AriaRole.Link, new() { Name = $"Run {started.RunId}" }).ClickAsync();
        Assert.Equal(runUrl, browser.Page.Url);
        await Assertions.Expect(browser.Page.GetByTestId("output-extract")).ToContainTextAsync(KnownLine);

        await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}/jobs");
        await Assertions.Expect(listed.Locator(".badge")).ToHaveTextAsync("SUCCESS");
        await browser.ScreenshotAsync("jobs");

        foreach (var path in new[] { $"/workspaces/{web.WorkspaceId}/jobs", $"/workspaces/{web.WorkspaceId}/jobs/{jobId}", new Uri(runUrl).PathAndQuery })
        {
            await AccessibilityTests.CheckAsync(browser, path);
        }
    }

    [Fact]
    public async Task A_long_run_is_cancelled_from_its_page_and_seen_CANCELED()
    {
        var (jobId, _) = await JobAsync(Task("wait", "sleep 60"));
        await using var browser = await web.SignedInAsync();
        await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}/jobs/{jobId}");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Status)).ToContainTextAsync(StartedNotice);
        var state = browser.Page.GetByTestId("run-state").Locator(".badge");
        await Assertions.Expect(state).ToHaveTextAsync("RUNNING", new() { Timeout = 60_000 });

        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel run" }).ClickAsync();
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Cancelling the run");
        await Assertions.Expect(state).ToHaveTextAsync("CANCELED", new() { Timeout = 60_000 });
        await Assertions.Expect(browser.Page.Locator("article[data-task-key='wait'] h3 .badge")).ToHaveTextAsync("CANCELED");
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel run" })).ToHaveCountAsync(0);

        var runs = await web.Connect().Jobs.ListRunsAsync(new ListRunsRequest { WorkspaceId = web.WorkspaceId, JobId = jobId });
        var run = Assert.Single(runs.Runs);
        Assert.Equal("CANCELED", run.State.ResultState);
        Assert.True(run.EndTime - run.StartTime < 50_000, "the task was not stopped: the run lasted as long as its sleep");
    }

    [Fact]
    public async Task A_schedule_is_shown_in_its_zone_then_paused_and_resumed_from_the_job_page()
    {
        var (jobId, name) = await JobAsync(new CronSchedule { QuartzCronExpression = "0 30 6 * * ?", TimezoneId = "America/New_York" }, Task("nightly", "true"));
        await using var browser = await web.SignedInAsync();
        await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}/jobs");
        var listed = browser.Page.Locator($"#jobs tr[data-job-id='{jobId}']");
        await Assertions.Expect(listed).ToContainTextAsync("0 30 6 * * ? (America/New_York)");
        await Assertions.Expect(listed).ToContainTextAsync("active, next");
        // The next fire time is 06:30 in New York, shown in the viewer's zone (the browser's is Europe/Paris): 12:30 or,
        // in the weeks the two switch daylight saving time on different dates, 11:30.
        await Assertions.Expect(listed.Locator("time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("1[12]:30:00"));

        await listed.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        var schedule = browser.Page.GetByTestId("job-schedule");
        await Assertions.Expect(schedule.Locator(".badge")).ToHaveTextAsync("ACTIVE");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Pause schedule" }).ClickAsync();
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Schedule paused");
        await Assertions.Expect(schedule.Locator(".badge")).ToHaveTextAsync("PAUSED");
        Assert.Equal("PAUSED", (await GetJobAsync(jobId)).Settings.Schedule.PauseStatus);

        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Resume schedule" }).ClickAsync();
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Schedule resumed");
        await Assertions.Expect(schedule.Locator(".badge")).ToHaveTextAsync("ACTIVE");
        var resumed = await GetJobAsync(jobId);
        Assert.Equal("UNPAUSED", resumed.Settings.Schedule.PauseStatus);
        Assert.Equal("0 30 6 * * ?", resumed.Settings.Schedule.QuartzCronExpression);
        Assert.Equal("America/New_York", resumed.Settings.Schedule.TimezoneId);
    }

    [Fact]
    public async Task A_stale_pause_does_not_overwrite_a_schedule_changed_meanwhile()
    {
        var (jobId, _) = await JobAsync(new CronSchedule { QuartzCronExpression = "0 0 1 * * ?" }, Task("nightly", "true"));
        await using var browser = await web.SignedInAsync();
        await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}/jobs/{jobId}");
        // Someone else (Terraform, say) moves the schedule while the page is open.
        await web.Connect().Jobs.UpdateJobAsync(new UpdateJobRequest
        {
            WorkspaceId = web.WorkspaceId, JobId = jobId, NewSettings = new JobSettings { Schedule = new CronSchedule { QuartzCronExpression = "0 0 2 * * ?" } },
        });

        var refused = await browser.Page.RunAndWaitForResponseAsync(
            () => browser.Page.GetByRole(AriaRole.Button, new() { Name = "Pause schedule" }).ClickAsync(),
            response => response.Request.Method == "POST");
        Assert.Equal(409, refused.Status);
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("version");
        var job = await GetJobAsync(jobId);
        Assert.Equal("0 0 2 * * ?", job.Settings.Schedule.QuartzCronExpression);
        Assert.NotEqual("PAUSED", job.Settings.Schedule.PauseStatus);
    }

    [Fact]
    public async Task Missing_jobs_and_runs_are_not_found_and_a_run_under_the_wrong_job_is_sent_to_its_own()
    {
        var (jobId, _) = await JobAsync(Task("quick", "true"));
        var (otherJobId, _) = await JobAsync(Task("quick", "true"));
        var run = await web.Connect().Jobs.RunNowAsync(new RunNowRequest { WorkspaceId = web.WorkspaceId, JobId = jobId });
        await using var browser = await web.SignedInAsync();

        var missing = await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}/jobs/{jobId + 1_000_000}");
        Assert.Equal(404, missing!.Status);
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Not found");
        var missingRun = await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}/jobs/{jobId}/runs/{run.RunId + 1_000_000}");
        Assert.Equal(404, missingRun!.Status);

        await browser.Page.GotoAsync($"/workspaces/{web.WorkspaceId}/jobs/{otherJobId}/runs/{run.RunId}");
        Assert.EndsWith($"/workspaces/{web.WorkspaceId}/jobs/{jobId}/runs/{run.RunId}", browser.Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"Run {run.RunId}");
    }

    [Fact]
    public async Task A_token_of_another_workspace_neither_sees_the_jobs_nor_runs_or_cancels_one_with_a_forged_post()
    {
        var (jobId, name) = await JobAsync(Task("guarded", "sleep 30"));
        var admin = web.Connect();
        var run = await admin.Jobs.RunNowAsync(new RunNowRequest { WorkspaceId = web.WorkspaceId, JobId = jobId });
        var other = await Fixtures.SettledAsync(admin, (await Fixtures.WorkspaceAsync(admin)).WorkspaceId);
        var outsider = await Identities.UserAsync(admin);
        await using var browser = await web.SignedInAsync(await Identities.TokenForUserAsync(admin, other.WorkspaceId, outsider));

        foreach (var path in new[]
                 {
                     $"/workspaces/{web.WorkspaceId}/jobs", $"/workspaces/{web.WorkspaceId}/jobs/{jobId}", $"/workspaces/{web.WorkspaceId}/jobs/{jobId}/runs/{run.RunId}",
                 })
        {
            var refused = await browser.Page.GotoAsync(path);
            Assert.Equal(403, refused!.Status);
            await Assertions.Expect(browser.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("valid only in workspace");
            await Assertions.Expect(browser.Page.Locator("main")).Not.ToContainTextAsync(name);
            await Assertions.Expect(browser.Page.GetByRole(AriaRole.Button, new() { Name = "Run now" })).ToHaveCountAsync(0);
        }

        // Its own workspace has no jobs: the empty state. Any of its pages gives it a valid antiforgery token (the sign-out form).
        await browser.Page.GotoAsync($"/workspaces/{other.WorkspaceId}/jobs");
        await Assertions.Expect(browser.Page.Locator("#jobs")).ToContainTextAsync("No jobs yet");
        await AccessibilityTests.CheckAsync(browser, $"/workspaces/{other.WorkspaceId}/jobs");
        var antiforgery = await browser.Page.Locator("input[name=__antiforgery]").First.InputValueAsync();
        var forgedRun = await browser.Page.APIRequest.PostAsync($"/workspaces/{web.WorkspaceId}/jobs/{jobId}?handler=RunNow",
            new() { Form = FormOf(browser.Page, ("__antiforgery", antiforgery), ("requestId", "forged-run")), MaxRedirects = 0 });
        Assert.Equal(403, forgedRun.Status);
        var forgedCancel = await browser.Page.APIRequest.PostAsync($"/workspaces/{web.WorkspaceId}/jobs/{jobId}/runs/{run.RunId}?handler=Cancel",
            new() { Form = FormOf(browser.Page, ("__antiforgery", antiforgery), ("requestId", "forged-cancel")), MaxRedirects = 0 });
        Assert.Equal(403, forgedCancel.Status);
        var forgedPause = await browser.Page.APIRequest.PostAsync($"/workspaces/{web.WorkspaceId}/jobs/{jobId}?handler=Schedule",
            new() { Form = FormOf(browser.Page, ("__antiforgery", antiforgery), ("requestId", "forged-pause"), ("pause", "true"), ("version", "0")), MaxRedirects = 0 });
        Assert.Equal(403, forgedPause.Status);
        // Without the antiforgery token the form is not even read.
        var noToken = await browser.Page.APIRequest.PostAsync($"/workspaces/{other.WorkspaceId}/jobs/{jobId}?handler=RunNow",
            new() { Form = FormOf(browser.Page, ("requestId", "no-token")), MaxRedirects = 0 });
        Assert.Equal(400, noToken.Status);

        var runs = await admin.Jobs.ListRunsAsync(new ListRunsRequest { WorkspaceId = web.WorkspaceId, JobId = jobId });
        var only = Assert.Single(runs.Runs);
        Assert.Equal(run.RunId, only.RunId);
        Assert.False(only.CancelRequested);
        await admin.Jobs.CancelRunAsync(new CancelRunRequest { WorkspaceId = web.WorkspaceId, RunId = run.RunId });
    }

    private static JobTask Task(string key, string command, string? dependsOn = null)
    {
        var task = new JobTask { TaskKey = key, CommandTask = new CommandTask { Command = command } };
        if (dependsOn is not null)
        {
            task.DependsOn.Add(new TaskDependency { TaskKey = dependsOn });
        }
        return task;
    }

    private Task<(long JobId, string Name)> JobAsync(params JobTask[] tasks) => JobAsync(null, tasks);

    /// <summary>A job whose tasks run on the fixture's shared RUNNING cluster (real node agents).</summary>
    private async Task<(long JobId, string Name)> JobAsync(CronSchedule? schedule, params JobTask[] tasks)
    {
        var cluster = await web.RunningClusterAsync();
        var name = Unique.Name("web-job");
        var settings = new JobSettings { Name = name, Schedule = schedule };
        foreach (var task in tasks)
        {
            task.ExistingClusterId = cluster.ClusterId;
            settings.Tasks.Add(task);
        }
        var created = await web.Connect().Jobs.CreateJobAsync(new CreateJobRequest { WorkspaceId = web.WorkspaceId, Settings = settings });
        return (created.JobId, name);
    }

    private Task<Job> GetJobAsync(long jobId) =>
        web.Connect().Jobs.GetJobAsync(new GetJobRequest { WorkspaceId = web.WorkspaceId, JobId = jobId }).ResponseAsync;

    private static IFormData FormOf(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }
        return form;
    }
}
