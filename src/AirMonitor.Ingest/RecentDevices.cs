namespace AirMonitor.Ingest;

/// <summary>
/// Something remembered per device, for at most <c>maxDevices</c> devices: when a new one comes and the memory is full,
/// the device heard from least recently is forgotten (and starts again from <c>create</c> if it comes back). Not
/// thread-safe: the owner holds its lock around it.
/// </summary>
internal sealed class RecentDevices<T>(int maxDevices, Func<T> create)
{
    private readonly Dictionary<string, LinkedListNode<(string Device, T State)>> _nodes = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Device, T State)> _byRecency = new();

    public int Count => _nodes.Count;

    /// <summary>The device's state, made new if it is not remembered; the device becomes the most recently heard from.</summary>
    public T Touch(string device)
    {
        if (_nodes.TryGetValue(device, out var node))
        {
            _byRecency.Remove(node);
            _byRecency.AddFirst(node);
            return node.Value.State;
        }

        if (_nodes.Count >= maxDevices)
        {
            _nodes.Remove(_byRecency.Last!.Value.Device);
            _byRecency.RemoveLast();
        }

        node = _byRecency.AddFirst((device, create()));
        _nodes.Add(device, node);
        return node.Value.State;
    }
}
