namespace GitOpsAi.Core.Drift;

/// <summary>Reads a file as Git HEAD has it (the front ends implement it with git; the core never runs processes).</summary>
public interface IGitHead
{
    /// <summary>The file's text at HEAD, or null when it is not in HEAD (new, untracked) or there is no repository.</summary>
    string? Read(string absolutePath);
}
