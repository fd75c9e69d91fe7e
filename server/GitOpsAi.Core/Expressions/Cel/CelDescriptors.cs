using System.Reflection;
using Cel;
using Google.Protobuf.Reflection;

namespace GitOpsAi.Core.Expressions.Cel;

/// <summary>
/// The library (Cel 0.3.3, pinned) looks every selection whose parent is not a variable (<c>c.image</c> inside a
/// macro) and every global call (<c>has()</c>, <c>size()</c>) up as a protobuf enum first, by building a list of every
/// enum of every descriptor it was given: the ten well-known-type files it always adds. Kubernetes CEL has no protobuf
/// messages or enums, so nothing is found, but building the list was about 6% of the corpus check and much of its
/// garbage. The list is emptied here; if the library's layout ever differs, nothing is changed and only speed is lost.
/// </summary>
internal static class CelDescriptors
{
    public static CelEnvironment WithoutProtobufLookups(CelEnvironment environment)
    {
        TryEmpty(environment);
        return environment;
    }

    /// <summary>Empties the descriptor list the library scans; false when its layout is not the one this was written for.</summary>
    internal static bool TryEmpty(CelEnvironment environment)
    {
        const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic;
        var visitor = typeof(CelEnvironment).GetProperty("CelVisitor", Instance)?.GetValue(environment);
        var descriptors = visitor?.GetType().GetField("<FileDescriptors>k__BackingField", Instance);
        if (descriptors?.FieldType != typeof(IList<FileDescriptor>))
        {
            return false;
        }

        descriptors.SetValue(visitor, Array.Empty<FileDescriptor>());
        return true;
    }
}
