using System.Runtime.InteropServices;
using Lakeplane.NodeAgent;

// A cluster node of the local compute driver: reports to lakeplaned until SIGTERM, or until the daemon says the
// node is no longer wanted. Output goes to the node's agent.log (lakeplaned redirects it there).
AgentOptions options;
try
{
    options = AgentOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine("lakeplane-node-agent: " + exception.Message);
    return 2;
}
using var stopping = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopping.Cancel();
});
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    stopping.Cancel();
});
var log = Console.Out;
log.WriteLine($"{options.Role} node {options.NodeId} of cluster {options.ClusterId} started (pid {Environment.ProcessId}).");
using var daemon = new DaemonChannel(options);
// Tasks run on the driver node: it long-polls for them next to its heartbeat.
var tasks = options.Role == "driver" ? new TaskRunner(options, daemon, log).RunAsync(stopping.Token) : Task.CompletedTask;
var exitCode = await new HeartbeatLoop(options, new WorkQueue(options.NodeDirectory), log).RunAsync(stopping.Token);
await stopping.CancelAsync();
await tasks;
log.WriteLine($"Node {options.NodeId} stopped.");
return exitCode;
