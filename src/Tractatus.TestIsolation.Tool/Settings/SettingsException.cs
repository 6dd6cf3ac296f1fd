namespace Tractatus.TestIsolation.Tool.Settings;

/// <summary>A setting (option or environment variable) that cannot be used; the message names it and says what to do. Exit code 2.</summary>
internal sealed class SettingsException(string message, Exception? inner = null) : Exception(message, inner);
