using System.Device.Gpio;

namespace AirMonitor.Sensors.ModbusAnalyser;

/// <summary>
/// The hard-wired status and plant-state contacts of one analyser on the Pi's GPIO inputs (BCM numbering). Owns the
/// controller. The pins are plain inputs: the contacts need their own pull resistors, as opto-isolated input boards have.
/// </summary>
public sealed class AnalyserContacts(GpioController controller, IEnumerable<int> pins) : IDisposable
{
    private readonly int[] _pins = [.. pins.Distinct()];

    public IReadOnlyList<int> Pins => _pins;

    /// <summary>Opens every pin as an input; pins already open are left as they are.</summary>
    public void Open()
    {
        foreach (var pin in _pins.Where(p => !controller.IsPinOpen(p)))
        {
            controller.OpenPin(pin, PinMode.Input);
        }
    }

    public bool IsHigh(int pin) => controller.Read(pin) == PinValue.High;

    public void Dispose() => controller.Dispose();
}
