namespace GitOpsAi.Core.Generation;

/// <summary>
/// Something that turns a request into YAML documents: the offline generator, or a language model in its own project.
/// Engines propose; <see cref="GenerationGate"/> decides. An engine that cannot answer (network, quota, malformed
/// reply) throws <see cref="EngineUnavailableException"/> and the offline engine answers instead.
/// </summary>
public interface IManifestEngine
{
    string Name { get; }

    Task<EngineReply> GenerateAsync(EngineInput input, CancellationToken cancellationToken);
}

/// <summary>
/// One round: the request, the repository context, and for a repair round the previous reply and why the gate refused it.
/// </summary>
public sealed record EngineInput(GenerationRequest Request, RepositoryContext Context)
{
    public string? PreviousYaml { get; init; }

    public IReadOnlyList<string> PreviousFindings { get; init; } = [];
}

/// <summary>YAML documents and notes for the user (placeholders, assumptions).</summary>
public sealed record EngineReply(string Yaml, IReadOnlyList<string> Notes)
{
    /// <summary>True when the request asks for nothing the engine can write.</summary>
    public bool Unsupported { get; init; }
}

/// <summary>The engine cannot answer now (timeout, rate limit, server error, unreadable reply).</summary>
public sealed class EngineUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
