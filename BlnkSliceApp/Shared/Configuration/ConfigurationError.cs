namespace BlnkSliceApp.Shared.Configuration;

/// <summary>A setting that stops start-up; the message names the variable and what it expects.</summary>
public sealed class ConfigurationError(string variable, string expected)
    : Exception($"Configuration error: {variable} {expected}")
{
    public string Variable { get; } = variable;
}
