using System.Runtime.InteropServices;

namespace Tractatus.TestIsolation.Sqlite;

/// <summary>
/// The default SQLite folder lives under the shared temp folder, where another local user could create it first,
/// plant a symbolic link, or read and delete a victim's databases. So it is per user and private: created with mode
/// 0700, and before use checked to be a real directory (no link), owned by the current user, with no group or other
/// permissions. Anything else is refused with a message that says what is wrong.
/// </summary>
internal static class PrivateFolder
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> (mode 0700) when missing and verifies it; throws <see cref="InvalidOperationException"/> when it is not private.</summary>
    public static void Ensure(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path); // %TEMP% is per user on Windows
            return;
        }

        var info = new DirectoryInfo(path);
        if (!info.Exists && info.LinkTarget is null && !File.Exists(path))
        {
            Directory.CreateDirectory(path, OwnerOnly);
            info.Refresh();
        }

        if (info.LinkTarget is not null)
        {
            throw Refuse(path, $"it is a symbolic link to '{info.LinkTarget}'; somebody may be redirecting your databases");
        }

        if (!info.Exists)
        {
            throw Refuse(path, "it is not a directory");
        }

        if (OwnerOf(path) is { } owner && owner != CurrentUser())
        {
            throw Refuse(path, $"it belongs to another user (uid {owner}); another local user created it first and could read or delete your databases");
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & ~OwnerOnly) != 0)
        {
            throw Refuse(path, $"its mode is {Convert.ToString((int)mode, 8)}, so other users may read or change it; it must be 700");
        }
    }

    private static InvalidOperationException Refuse(string path, string why) => new(
        $"The default SQLite session folder '{path}' is not safe to use: {why}. Remove it (or fix it: chown to yourself, chmod 700), "
        + $"or set {SqliteProviderOptions.FolderVariable} (SqliteProviderOptions.Folder) to a private folder of your own.");

#pragma warning disable SYSLIB1054, CA5392 // The runtime's own native shim, already loaded; LibraryImport would need unsafe code for one call.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int LStat(string path, out FileStatusPrefix status);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_GetEUid")]
    private static extern uint GetEUid();
#pragma warning restore SYSLIB1054, CA5392

    private static uint CurrentUser() => GetEUid();

    /// <summary>The owner's uid, or null when the runtime's shim cannot tell (then mode and link checks still apply).</summary>
    private static uint? OwnerOf(string path)
    {
        try
        {
            return LStat(path, out var status) == 0 ? status.Uid : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The leading fields of the runtime's FileStatus (flags, mode, uid, gid), padded generously for the rest.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FileStatusPrefix
    {
        public int Flags;
        public int Mode;
        public uint Uid;
        public uint Gid;
        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 64)]
        public long[] Rest;
    }
}
