using System.Collections;
using Google.Protobuf.WellKnownTypes;
using Lakeplane.Pulumi.Values;

namespace Lakeplane.Pulumi.Tests.Support;

/// <summary>Pulumi property maps written the short way: Props.Of(("name", "x"), ("subnetIds", new[] { "a", "b" })).</summary>
public static class Props
{
    public static readonly Value Unknown = Value.ForString(PropertySentinels.UnknownString);

    public static Struct Of(params (string Key, object? Value)[] fields)
    {
        var result = new Struct();
        foreach (var (key, value) in fields)
        {
            result.Fields[key] = ToValue(value);
        }
        return result;
    }

    public static Value ToValue(object? value) => value switch
    {
        null => Value.ForNull(),
        Value v => v,
        Struct s => Value.ForStruct(s),
        string s => Value.ForString(s),
        bool b => Value.ForBool(b),
        int i => Value.ForNumber(i),
        long l => Value.ForNumber(l),
        double d => Value.ForNumber(d),
        IEnumerable items => Value.ForList(items.Cast<object?>().Select(ToValue).ToArray()),
        _ => throw new ArgumentException($"no property value for {value.GetType().Name}"),
    };

    /// <summary>A strongly typed secret, as the engine sends it to a provider that accepts secrets.</summary>
    public static Value Secret(object? value) => PropertyEncoder.Secret(ToValue(value));

    /// <summary>An output value (what an engine sends a provider that accepts outputs).</summary>
    public static Value Output(object? value, bool known = true, bool secret = false, params string[] dependencies)
    {
        var fields = new Struct();
        fields.Fields[PropertySentinels.SignatureKey] = Value.ForString(PropertySentinels.OutputValueSignature);
        if (known)
        {
            fields.Fields["value"] = ToValue(value);
        }
        if (secret)
        {
            fields.Fields["secret"] = Value.ForBool(true);
        }
        fields.Fields["dependencies"] = Value.ForList(dependencies.Select(Value.ForString).ToArray());
        return Value.ForStruct(fields);
    }

    public static Value ResourceReference(string urn, string? id)
    {
        var fields = new Struct();
        fields.Fields[PropertySentinels.SignatureKey] = Value.ForString(PropertySentinels.ResourceReferenceSignature);
        fields.Fields["urn"] = Value.ForString(urn);
        if (id is not null)
        {
            fields.Fields["id"] = Value.ForString(id);
        }
        fields.Fields["packageVersion"] = Value.ForString("0.1.0");
        return Value.ForStruct(fields);
    }

    public static bool IsSecret(Value value) =>
        value.KindCase == Value.KindOneofCase.StructValue
        && value.StructValue.Fields.TryGetValue(PropertySentinels.SignatureKey, out var signature)
        && signature.StringValue == PropertySentinels.SecretSignature;

    public static Value Unsecret(Value value) => IsSecret(value) ? value.StructValue.Fields["value"] : value;
}
