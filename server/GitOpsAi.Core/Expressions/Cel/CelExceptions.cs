namespace GitOpsAi.Core.Expressions.Cel;

/// <summary>The expression uses something we do not evaluate (a function, a pattern): the verdict is unknown, never pass or fail.</summary>
internal sealed class CelUnsupportedException(string what) : Exception($"{what} is not supported")
{
    public string What { get; } = what;
}

/// <summary>The expression fails on this data as it would in the cluster (no such key, index out of range).</summary>
internal sealed class CelEvaluationException(string message) : Exception(message);
