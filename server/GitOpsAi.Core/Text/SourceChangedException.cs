namespace GitOpsAi.Core.Text;

/// <summary>
/// A text kept on disk (<see cref="SourceText.KeepOnDisk"/>) that could not be read again as it was parsed: the file
/// changed or vanished during the check. The file's checks report it as a finding on the file, not as a defect.
/// </summary>
public sealed class SourceChangedException : IOException
{
    public SourceChangedException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
