using System.Runtime.InteropServices;

namespace DevBot.Sandbox;

/// <summary>The few POSIX calls .NET has no managed API for: the effective ids, and changing a file's owner.</summary>
internal static class UnixAccounts
{
    public static uint EffectiveUserId => geteuid();

    public static uint EffectiveGroupId => getegid();

    /// <summary>Gives a file, folder or symlink (not its target) to <paramref name="uid"/>:<paramref name="gid"/>.</summary>
    public static void ChangeOwner(string path, uint uid, uint gid)
    {
        if (lchown(path, uid, gid) != 0)
        {
            throw new IOException($"Cannot change the owner of {path} (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern uint geteuid();

    [DllImport("libc", SetLastError = true)]
    private static extern uint getegid();

    [DllImport("libc", SetLastError = true)]
    private static extern int lchown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);
}
