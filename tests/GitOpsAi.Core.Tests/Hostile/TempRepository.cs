using System.Diagnostics;
using System.Net.Sockets;

namespace GitOpsAi.Core.Tests.Hostile;

/// <summary>A repository in a temporary folder, with the special files hostile tests need (links, FIFOs, sockets).</summary>
internal sealed class TempRepository : IDisposable
{
    public TempRepository()
    {
        Root = Path.Combine(Path.GetTempPath(), "gitops-ai-hostile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public TempRepository Write(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    public TempRepository Link(string relative, string target)
    {
        RequireUnix();
        File.CreateSymbolicLink(PathOf(relative), target);
        return this;
    }

    public TempRepository Fifo(string relative)
    {
        RequireUnix();
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [PathOf(relative)]) { UseShellExecute = false });
        mkfifo!.WaitForExit();
        if (mkfifo.ExitCode != 0)
        {
            Assert.Ignore("mkfifo failed");
        }

        return this;
    }

    /// <summary>A listening Unix socket file; dispose the returned socket when done.</summary>
    public Socket Socket(string relative)
    {
        RequireUnix();
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(PathOf(relative)));
        return socket;
    }

    /// <summary>Runs <paramref name="work"/>, failing (not hanging) the test if it blocks, as a FIFO being opened would.</summary>
    public static T WithinSeconds<T>(int seconds, Func<T> work)
    {
        var task = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.That(task.Wait(TimeSpan.FromSeconds(seconds)), Is.True, $"the work did not finish within {seconds} s (blocked on a special file?)");
        return task.Result;
    }

    public static void RequireUnix()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("symlinks, FIFOs and sockets in a repository are a Unix matter");
        }
    }

    public static bool IsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    public void Dispose()
    {
        foreach (var directory in Directory.EnumerateDirectories(Root, "*", SearchOption.AllDirectories).Prepend(Root))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        Directory.Delete(Root, recursive: true);
    }
}
