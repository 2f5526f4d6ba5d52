using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Lakeplane.Terraform.Hosting;

/// <summary>
/// Logs to stderr as hclog JSON lines, the form go-plugin parses: terraform then shows them
/// under TF_LOG / TF_LOG_PROVIDER at the right level, attributed to this provider. stdout is
/// reserved for the handshake line. Messages never carry attribute values: they may be secret.
/// </summary>
public sealed class HclogJsonLoggerProvider(LogLevel minimumLevel) : ILoggerProvider
{
    private static readonly Lock WriteLock = new();
    private static readonly Stream Stderr = Console.OpenStandardError();

    /// <summary>ASP.NET Core and gRPC narrate every request at debug; terraform's TF_LOG=debug is about the provider, so they speak up only for warnings.</summary>
    public ILogger CreateLogger(string categoryName) => new HclogJsonLogger(
        categoryName,
        IsFramework(categoryName) ? (LogLevel)Math.Max((int)minimumLevel, (int)LogLevel.Warning) : minimumLevel);

    private static bool IsFramework(string category) =>
        category.StartsWith("Microsoft.", StringComparison.Ordinal) || category.StartsWith("Grpc.", StringComparison.Ordinal);

    public void Dispose() { }

    /// <summary>TF_LOG_PROVIDER / TF_LOG as terraform reads them; quiet (warnings) otherwise.</summary>
    public static LogLevel LevelFromEnvironment()
    {
        var level = Environment.GetEnvironmentVariable("TF_LOG_PROVIDER") ?? Environment.GetEnvironmentVariable("TF_LOG");
        return level?.Trim().ToUpperInvariant() switch
        {
            "TRACE" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "INFO" => LogLevel.Information,
            "ERROR" => LogLevel.Error,
            _ => LogLevel.Warning,
        };
    }

    private sealed class HclogJsonLogger(string category, LogLevel minimumLevel) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var line = new MemoryStream(256);
            using (var json = new Utf8JsonWriter(line))
            {
                json.WriteStartObject();
                json.WriteString("@level", logLevel switch
                {
                    LogLevel.Trace => "trace",
                    LogLevel.Debug => "debug",
                    LogLevel.Information => "info",
                    LogLevel.Warning => "warn",
                    _ => "error",
                });
                json.WriteString("@message", formatter(state, exception));
                json.WriteString("@module", "provider.lakeplane");
                // go-plugin parses exactly this layout (Go: 2006-01-02T15:04:05.000000Z07:00).
                json.WriteString("@timestamp", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("category", category);
                if (exception is not null)
                {
                    json.WriteString("error", exception.GetType().Name + ": " + exception.Message);
                }
                json.WriteEndObject();
            }
            line.WriteByte((byte)'\n');
            lock (WriteLock)
            {
                Stderr.Write(line.GetBuffer(), 0, (int)line.Length);
                Stderr.Flush();
            }
        }
    }
}
