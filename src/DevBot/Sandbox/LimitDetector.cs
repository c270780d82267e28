using System.Text.RegularExpressions;

namespace DevBot.Sandbox;

/// <summary>
/// Tells from a failed run's exit status and its last output which resource limit it hit. rlimits make the kernel
/// refuse a request (malloc, fork, write), and the program reports it in its own words, so this is a best-effort
/// reading of those words for the runtimes DevBot builds for; signals (SIGXCPU, SIGXFSZ) are exact.
/// </summary>
internal static partial class LimitDetector
{
    private const int SigXcpu = 24;
    private const int SigXfsz = 25;

    public static SandboxLimit? Detect(int? exitCode, string output)
    {
        if (exitCode == 128 + SigXcpu)
        {
            return SandboxLimit.CpuTime;
        }

        if (exitCode == 128 + SigXfsz || FileSizeWords().IsMatch(output))
        {
            return SandboxLimit.FileSize;
        }

        if (ProcessWords().IsMatch(output))
        {
            return SandboxLimit.Processes;
        }

        if (MemoryWords().IsMatch(output))
        {
            return SandboxLimit.Memory;
        }

        return CpuWords().IsMatch(output) ? SandboxLimit.CpuTime : null;
    }

    // EFBIG as C, Python and shells print it.
    [GeneratedRegex(@"File too large|File size limit exceeded|\bEFBIG\b")]
    private static partial Regex FileSizeWords();

    // fork/clone refused by RLIMIT_NPROC (EAGAIN): dash, bash, Python, Node, Go, glibc threads.
    [GeneratedRegex(@"Cannot fork|fork: retry|fork: Resource temporarily unavailable|can't fork|BlockingIOError: \[Errno 11\]|spawn EAGAIN|fork/exec .*resource temporarily unavailable|pthread_create failed|Resource temporarily unavailable")]
    private static partial Regex ProcessWords();

    // RLIMIT_DATA makes allocations fail: Python, Node/V8, .NET, Go, C/C++.
    [GeneratedRegex(@"^MemoryError\b|\bMemoryError$|Cannot allocate memory|JavaScript heap out of memory|Array buffer allocation failed|Fatal process out of memory|OutOfMemoryException|runtime: out of memory|std::bad_alloc|\bENOMEM\b", RegexOptions.Multiline)]
    private static partial Regex MemoryWords();

    [GeneratedRegex(@"CPU time limit exceeded|Cputime limit exceeded")]
    private static partial Regex CpuWords();
}
