using Lakeplane.Pulumi.Components;
using Lakeplane.Resources;

namespace Lakeplane.Pulumi.Catalog;

/// <summary>The real provider as pulumi-resource-lakeplane serves it: the shared model's resources
/// and data sources, and the components built on them.</summary>
public static class LakeplaneCatalog
{
    public static PulumiCatalog Create()
    {
        var provider = new LakeplaneProvider();
        return new PulumiCatalog(provider.ConfigSchema, provider.Configure, provider.Resources, provider.DataSources, [new WorkspaceStack(), new GovernedCatalog()]);
    }
}
