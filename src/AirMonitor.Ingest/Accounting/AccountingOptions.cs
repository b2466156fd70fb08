namespace AirMonitor.Ingest.Accounting;

/// <summary>The seq accounts' settings (configuration section <c>Accounting</c>).</summary>
public sealed class AccountingOptions
{
    public const string Section = "Accounting";

    /// <summary>The SQLite file of every device's seq account (which seq numbers are settled, which are missing); one per replica.</summary>
    public string LedgerPath { get; set; } = "seq-ledger.db";

    /// <summary>How often the accounts of devices heard from are written to InfluxDB (measurement <c>device_seq</c>).</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(LedgerPath))
        {
            yield return $"{Section}:LedgerPath is required";
        }

        if (StatusInterval < TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:StatusInterval {StatusInterval} must be at least 1 s";
        }
    }
}
