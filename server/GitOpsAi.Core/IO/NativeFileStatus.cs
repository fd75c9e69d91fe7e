using System.Runtime.InteropServices;
using System.Text;

namespace GitOpsAi.Core.IO;

/// <summary>
/// The type of a file (FIFO, device, socket...), which .NET's public API does not expose. It asks the runtime's own
/// native shim (libSystem.Native, loaded by every .NET process on Linux and macOS), whose stat result has the same
/// layout on every platform: Flags (int32), Mode (int32, S_IFMT bits normalised), Uid, Gid, then Size (int64).
/// </summary>
internal static class NativeFileStatus
{
    private const int ModeOffset = 4;
    private const int SizeOffset = 16;
    private const int FileTypeMask = 0xF000;

    // Generous: the native struct is about 120 bytes; extra room keeps a future runtime's longer struct harmless.
    private const int StatusBufferBytes = 512;

    private static bool _unavailable = !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD());

    /// <summary>Kind and size of <paramref name="path"/>; null when it does not exist or the platform has no such call (Windows).</summary>
    public static (FileKind Kind, long Size)? Get(string path, bool followLinks)
    {
        if (_unavailable)
        {
            return null;
        }

        var buffer = new byte[StatusBufferBytes];
        var encoded = Encoding.UTF8.GetBytes(path + "\0");
        int result;
        try
        {
            result = followLinks ? Stat(encoded, buffer) : LStat(encoded, buffer);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return null;
        }

        if (result != 0)
        {
            return (FileKind.Missing, 0);
        }

        var mode = BitConverter.ToInt32(buffer, ModeOffset);
        var size = BitConverter.ToInt64(buffer, SizeOffset);
        return ((mode & FileTypeMask) switch
        {
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x4000 => FileKind.Directory,
            0x6000 => FileKind.BlockDevice,
            0x8000 => FileKind.Regular,
            0xA000 => FileKind.Other, // a symlink, seen through LStat
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        }, size);
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = false)]
    private static extern int Stat(byte[] path, [Out] byte[] status);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = false)]
    private static extern int LStat(byte[] path, [Out] byte[] status);
}
