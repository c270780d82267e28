namespace DevBot.Shared;

/// <summary>
/// A setting or the environment stops DevBot from starting or running a command (a bad variable, a database that does
/// not answer, a port in use). The message is one or two sentences for the operator: which variable, and the fix.
/// The command line prints it alone, without a stack trace, and exits with a non-zero code.
/// </summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
