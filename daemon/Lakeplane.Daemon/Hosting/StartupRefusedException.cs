namespace Lakeplane.Daemon.Hosting;

/// <summary>
/// The daemon must not start for a reason the operator has to fix (a key file with loose permissions, a master key
/// that does not match the store). The command line prints the message without a stack trace and exits with 2.
/// </summary>
public sealed class StartupRefusedException(string message, Exception? innerException = null) : Exception(message, innerException);
