using Grpc.Core;
using Lakeplane.Protos.GoPlugin;
using Microsoft.Extensions.Hosting;

namespace Lakeplane.Terraform.GoPlugin;

/// <summary>
/// go-plugin's controller: terraform calls Shutdown when it is done with this process and
/// then waits up to 2 s for it to exit before killing it and warning "plugin failed to exit
/// gracefully". We answer first, then stop the host, which exits well within that time.
/// </summary>
public sealed class ControllerService(IHostApplicationLifetime lifetime) : GRPCController.GRPCControllerBase
{
    public override Task<Empty> Shutdown(Empty request, ServerCallContext context)
    {
        // Stopping only once the reply is on its way lets terraform see the call succeed.
        context.GetHttpContext().Response.OnCompleted(() =>
        {
            lifetime.StopApplication();
            return Task.CompletedTask;
        });
        return Task.FromResult(new Empty());
    }
}
