namespace AirMonitor.Core.Configuration;

/// <summary>The "did you mean" hint for a mistyped key or name in a configuration file.</summary>
public static class DidYouMean
{
    private const int MaxEdits = 2;

    /// <summary><c>did you mean 'nearest'? </c> (with its trailing space, to go before the list of what is expected), or empty when no candidate is near.</summary>
    public static string Hint(string text, IEnumerable<string> candidates, bool ignoreCase = false) =>
        Nearest(text, candidates, ignoreCase) is { } nearest ? $"did you mean '{nearest}'? " : "";

    /// <summary>The candidate within two edits of <paramref name="text"/>, the nearest; of equally near ones, the first given.</summary>
    public static string? Nearest(string text, IEnumerable<string> candidates, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var wanted = ignoreCase ? text.ToLowerInvariant() : text;
        return candidates
            .Select(c => (Candidate: c, Distance: EditDistance(wanted, ignoreCase ? c.ToLowerInvariant() : c)))
            .Where(x => x.Distance <= MaxEdits)
            .OrderBy(x => x.Distance)
            .Select(x => x.Candidate)
            .FirstOrDefault();
    }

    /// <summary>The Levenshtein distance: the fewest insertions, deletions and substitutions that turn one into the other.</summary>
    public static int EditDistance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
