using System.Device.Gpio;

namespace AirMonitor.Sensors.Simulation;

/// <summary>
/// GPIO inputs in software, for a <see cref="GpioController"/> built over it: each read asks <see cref="Level"/>.
/// Writes are kept; events are not simulated (the drivers poll their contacts).
/// </summary>
public sealed class SimulatedGpioDriver(Func<int, bool> level) : GpioDriver
{
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly Dictionary<int, PinValue> _written = [];

    /// <summary>Whether a pin reads high now (argument: the pin number).</summary>
    public Func<int, bool> Level { get; set; } = level;

    /// <summary>The pins the controller has open, with their mode.</summary>
    public IReadOnlyDictionary<int, PinMode> OpenPins => _modes;

    protected override int PinCount => 28;

    protected override void OpenPin(int pinNumber) => _modes[pinNumber] = PinMode.Input;

    protected override void ClosePin(int pinNumber) => _modes.Remove(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode) => _modes[pinNumber] = mode;

    protected override PinMode GetPinMode(int pinNumber) => _modes[pinNumber];

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber) =>
        _modes.GetValueOrDefault(pinNumber) == PinMode.Output ? _written.GetValueOrDefault(pinNumber) : Level(pinNumber) ? PinValue.High : PinValue.Low;

    protected override void Write(int pinNumber, PinValue value) => _written[pinNumber] = value;

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("pin events are not simulated");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException("pin events are not simulated");

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException("pin events are not simulated");
}
