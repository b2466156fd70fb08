namespace AirMonitor.Testing;

/// <summary>
/// Sets environment variables of this process for one test (a null value removes one) and puts back what was there.
/// The process's environment is shared: a test using this runs in a collection that disables parallelization.
/// </summary>
public sealed class EnvironmentVariables : IDisposable
{
    private readonly (string Name, string? Value)[] _before;

    public EnvironmentVariables(params (string Name, string? Value)[] variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        _before = variables.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name))).ToArray();
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in _before)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
