using AirMonitor.Sensors.Modbus;

namespace AirMonitor.Sensors.ModbusAnalyser;

/// <summary>Where the plant's operating state is read: the <c>plant_state</c> value of the reading.</summary>
public abstract record PlantStateSource
{
    internal virtual IEnumerable<RegisterSpan> Spans => [];

    internal virtual IEnumerable<int> Pins => [];

    /// <summary>The state now; null when the source gives none this time (a code the map does not list).</summary>
    internal abstract PlantState? Read(AnalyserSnapshot snapshot);

    internal virtual void Simulate(ModbusRegisterBank bank, PlantState state)
    {
    }

    internal virtual IEnumerable<(int Pin, bool High)> SimulateContacts(PlantState state) => [];
}

/// <summary>An enumerated register of the plant's control system: each listed value is a state; any other gives no <c>plant_state</c>.</summary>
public sealed record PlantStateRegister(ModbusTable Table, ushort Address, IReadOnlyDictionary<int, PlantState> Codes) : PlantStateSource
{
    internal override IEnumerable<RegisterSpan> Spans => [new(Table, Address, 1)];

    internal override PlantState? Read(AnalyserSnapshot snapshot) =>
        Codes.TryGetValue(snapshot.Register(Table, Address), out var state) ? state : null;

    internal override void Simulate(ModbusRegisterBank bank, PlantState state) =>
        bank.SetRegisters(Table, Address, (ushort)(Codes.Where(c => c.Value == state).Select(c => (int?)c.Key).Min() ?? 0xFFFF));
}

/// <summary>One hard-wired contact of the plant's control system: <paramref name="State"/> while the pin is at its active level.</summary>
public sealed record PlantStateContact(int Pin, bool ActiveHigh, PlantState State);

/// <summary>
/// Contacts for start-up, shut-down and operating (waste fed). Start-up and shut-down win over operating (the transition is
/// what the rules exclude from the averages), shut-down over start-up; no contact active is <see cref="PlantState.Off"/>.
/// </summary>
public sealed record PlantStateContacts(IReadOnlyList<PlantStateContact> Contacts) : PlantStateSource
{
    private static readonly PlantState[] Precedence = [PlantState.ShutDown, PlantState.StartUp, PlantState.Operating];

    internal override IEnumerable<int> Pins => Contacts.Select(c => c.Pin);

    internal override PlantState? Read(AnalyserSnapshot snapshot)
    {
        var active = Contacts.Where(c => snapshot.IsHigh(c.Pin) == c.ActiveHigh).Select(c => c.State).ToHashSet();
        return Precedence.Where(active.Contains).Select(s => (PlantState?)s).FirstOrDefault() ?? PlantState.Off;
    }

    internal override IEnumerable<(int Pin, bool High)> SimulateContacts(PlantState state) =>
        Contacts.Select(c => (c.Pin, c.State == state ? c.ActiveHigh : !c.ActiveHigh));
}
