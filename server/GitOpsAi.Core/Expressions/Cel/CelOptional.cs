namespace GitOpsAi.Core.Expressions.Cel;

/// <summary>A CEL <c>optional</c> value (Kubernetes' optional types): a value, or none.</summary>
internal sealed class CelOptional
{
    public static readonly CelOptional None = new(null, hasValue: false);

    private CelOptional(object? value, bool hasValue)
    {
        Value = value;
        HasValue = hasValue;
    }

    public object? Value { get; }

    public bool HasValue { get; }

    public static CelOptional Of(object? value) => new(value, hasValue: true);

    public override string ToString() => HasValue ? $"optional.of({CelValues.Display(Value)})" : "optional.none()";
}

/// <summary>The value the identifier <c>optional</c> stands for, so that <c>optional.of(x)</c> finds its functions.</summary>
internal sealed class CelOptionalNamespace
{
    public static readonly CelOptionalNamespace Instance = new();

    private CelOptionalNamespace()
    {
    }
}
