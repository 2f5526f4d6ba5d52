using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Hosting;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Replication;
using Lakeplane.Daemon.Storage;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Provisioning;

/// <summary>
/// Takes workspaces from PROVISIONING to RUNNING (their root storage exists) or FAILED (with the
/// reason). It works from the store, not from memory, so workspaces left PROVISIONING by a stop or a
/// crash are picked up on the next start. With several replicas only the holder of the "provisioning"
/// lease provisions, and its status change commits only under that lease (fenced), besides being a
/// versioned update; making the root storage is idempotent, so a holder dying half-way is simply redone.
/// </summary>
public sealed class WorkspaceProvisioner(
    IStore store,
    IWorkspaceStorage storage,
    StorageValidator validator,
    ProvisioningSignal signal,
    TimeProvider time,
    DaemonSettings settings,
    LoopLeases leases,
    ILogger<WorkspaceProvisioner> logger) : BackgroundService
{
    /// <summary>Also look without a signal now and then: another replica may have created the workspace.</summary>
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                // Not the holder: look again soon, the holder may die (the lease keeper renews every third of its duration).
                wait = leases.Provisioning.IsHeld
                    ? await ProvisionDueWorkspacesAsync(stoppingToken) ?? IdlePoll
                    : leases.Provisioning.Duration / 3;
            }
            catch (LeaseLostException exception)
            {
                logger.LogWarning("Provisioning round stopped: {Message}", exception.Message);
                wait = leases.Provisioning.Duration / 3;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Provisioning round failed; retrying");
                wait = IdlePoll;
            }
            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Provisions every workspace whose time has come; returns how long until the next one is due, if any.</summary>
    private async Task<TimeSpan?> ProvisionDueWorkspacesAsync(CancellationToken cancellationToken)
    {
        // Every account's workspaces: after a restart nothing else remembers which were mid-provisioning.
        var pending = await store.ReadAsync(async reader =>
            (await reader.ListAllAsync(ObjectKinds.Workspace, cancellationToken: cancellationToken)).Select(AccountObjects.Materialise<Workspace>).ToList(),
            cancellationToken);
        TimeSpan? next = null;
        foreach (var workspace in pending.Where(w => w.WorkspaceStatus == WorkspaceStatuses.Provisioning))
        {
            var due = DateTimeOffset.FromUnixTimeMilliseconds(workspace.CreationTime) + settings.ProvisionDelay - time.GetUtcNow();
            if (due > TimeSpan.Zero)
            {
                next = next is null || due < next ? due : next;
                continue;
            }
            if (!leases.Provisioning.IsHeld)
            {
                throw new LeaseLostException(leases.Provisioning.Role, "its local validity ran out");
            }
            await ProvisionAsync(workspace, cancellationToken);
        }
        return next;
    }

    private async Task ProvisionAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        string status, message;
        WorkspaceStorageRoot? root = null;
        try
        {
            root = await storage.GetRootAsync(workspace.AccountId, workspace.WorkspaceId, cancellationToken);
            // Under the workspace's own authority (on AWS: its cross-account role), so a bucket the role cannot use fails here.
            await validator.ProbeAsync(root.Access, root.Root, writable: true, "storage_configuration_id", "", cancellationToken);
            // The root "directory": a marker object on S3, the directory itself on the local driver.
            await storage.Driver.PutAsync(root.Access, root.Root.Child(""), Stream.Null, cancellationToken);
            (status, message) = (WorkspaceStatuses.Running, "");
        }
        catch (LakeplaneException exception)
        {
            (status, message) = (WorkspaceStatuses.Failed,
                $"The workspace's root storage is not usable: {exception.Message} Fix the bucket or the credentials' role, then delete and recreate the workspace.");
        }
        catch (StorageException exception)
        {
            (status, message) = (WorkspaceStatuses.Failed,
                $"Creating the workspace's root storage {root?.Root} failed: {exception.Message} Fix the storage configuration, then delete and recreate the workspace.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            (status, message) = (WorkspaceStatuses.Failed,
                $"Creating the workspace's root storage {root?.Root} failed: {exception.Message} Fix the storage location, then delete and recreate the workspace.");
        }
        try
        {
            await leases.Provisioning.WriteAsync(async transaction =>
            {
                var row = await transaction.GetAsync(ObjectKinds.Workspace, workspace.WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
                if (row is null)
                {
                    return false;
                }
                var current = AccountObjects.Materialise<Workspace>(row);
                if (current.WorkspaceStatus != WorkspaceStatuses.Provisioning)
                {
                    return false;
                }
                current.WorkspaceStatus = status;
                current.WorkspaceStatusMessage = message;
                await transaction.UpdateAsync(ObjectKinds.Workspace, row.Id, row.Version, row.Name, WorkspaceService.Serialize(current), cancellationToken);
                await transaction.AppendAuditAsync(row.AccountId, "lakeplaned (provisioner)", "workspace.provision", ObjectKinds.Workspace, row.Id,
                    "workspace_status=" + status, cancellationToken);
                return true;
            }, cancellationToken);
            logger.LogInformation("Workspace {WorkspaceId} ({DeploymentName}) is {Status}", workspace.WorkspaceId, workspace.DeploymentName, status);
        }
        catch (StoreVersionConflictException)
        {
            // Updated meanwhile (a PATCH, another replica): the next round reads it again.
            signal.Notify();
        }
    }
}
