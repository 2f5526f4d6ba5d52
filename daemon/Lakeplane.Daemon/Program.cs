using System.CommandLine;
using Lakeplane.Daemon.Hosting;

// Composition only: the command line decides what runs; DaemonServer wires the daemon.
// The Generic Host handles SIGTERM/Ctrl+C itself (graceful stop), so the command line must not.
return await DaemonCommandLine.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
