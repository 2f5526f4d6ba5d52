using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Resources.Catalog;

/// <summary>A column's type must start with a SQL type Unity Catalog knows, so a typo is caught at plan time, on its line.</summary>
public sealed class ColumnTypeValidator : IValueValidator
{
    public string Description => "A SQL type such as string, int, bigint, double, decimal(10,2), date, timestamp, array<string>.";

    public void Validate(Value value, AttributePath path, Diagnostics diagnostics)
    {
        if (value is StringValue { Value: var type } && ColumnTypes.TypeNameOf(type) is null)
        {
            diagnostics.AddError(
                "Invalid column type",
                $"\"{path}\" is \"{type}\", which is not a Unity Catalog column type. Write a SQL type starting with one of {ColumnTypes.Known}, e.g. \"decimal(10,2)\".",
                path);
        }
    }
}
