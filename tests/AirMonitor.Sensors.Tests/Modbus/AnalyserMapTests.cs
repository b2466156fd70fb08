using System.IO.Ports;
using AirMonitor.Sensors.Modbus;
using AirMonitor.Testing.Servers.Modbus;
using static AirMonitor.Testing.Servers.Modbus.ModbusServerTable;

namespace AirMonitor.Sensors.Tests.Modbus;

/// <summary>
/// The register maps of three stack analysers, as their manuals give them (SICK TI 8017585 §11.2, SICK OI 8012707 §9.3,
/// Siemens OM 06/2017 A.5), served by pymodbus and read the way an analyser driver reads them. Where a manual leaves
/// something open (a word order, an address), the test says what it chose.
/// </summary>
public sealed class AnalyserMapTests
{
    private static readonly ModbusClientOptions Options = new() { Timeout = TimeSpan.FromMilliseconds(500), Retries = 1 };

    /// <summary>MARSIC300 input registers 1000–1023: twelve floats (word order ABCD here; the manual's is configured per device).</summary>
    private static readonly (string Gas, float Value)[] Marsic300Gases =
    [
        ("SO2", 12.5f), ("CO2", 9.8f), ("SO2/CO2", 1.2755f), ("H2O", 14.2f), ("NO", 85.3f), ("NO2", 4.1f),
        ("NOx", 134.9f), ("NH3", 0.8f), ("CO", 6.7f), ("CH4", 1.1f), ("O2", 10.9f), ("VOC", 2.3f),
    ];

    [Fact]
    public async Task Sick_Marsic300_gives_its_twelve_gases_in_one_read_and_its_status_in_another()
    {
        var map = new ModbusServerMap();
        map.Unit(1)
            .Floats(InputRegisters, 1000, "ABCD", [.. Marsic300Gases.Select(g => g.Value)])
            .Int32s(InputRegisters, 1050, "ABCD", 3) // active sampling point (0 = maintenance)
            .Bits(DiscreteInputs, 1000, [.. Enumerable.Range(1000, 27).Select(a => a is 1001 or 1004 or 1010)]);
        await using var server = PymodbusServer.Tcp(map);
        await server.StartAsync();
        using var analyser = new ModbusClient(new ModbusTcpTransport("127.0.0.1", server.Port), 1, Options);

        var registers = analyser.ReadRegisters(ModbusTable.InputRegisters, 1000, 24);
        var status = analyser.ReadBits(ModbusTable.DiscreteInputs, 1000, 27);
        var samplingPoint = ModbusValues.ToInt32(analyser.ReadRegisters(ModbusTable.InputRegisters, 1050, 2), ModbusWordOrder.Abcd);

        Assert.Equal(Marsic300Gases, Marsic300Gases.Select((g, i) => (g.Gas, ModbusValues.ToFloat32(registers.AsSpan(2 * i), ModbusWordOrder.Abcd))));
        Assert.Equal((false, true, false, false, true), (status[0], status[1], status[2], status[3], status[4])); // malfunction, maintenance request, maintenance, out of spec, live
        Assert.Equal([3], Enumerable.Range(0, 12).Where(point => status[8 + point]).Select(point => point + 1)); // gas fed via measuring point 3
        Assert.Equal(3, samplingPoint);
    }

    [Fact]
    public async Task Sick_Gm32_status_bitmap_and_its_written_inputs_read_over_RTU()
    {
        var map = new ModbusServerMap();
        map.Unit(5)
            .Registers(InputRegisters, 0, 0b1_0000_0100) // the status bitmap: function check (bit 2) in a check cycle (bit 8); its address is not in the manual's extract, 0 here
            .Floats(HoldingRegisters, 6000, "ABCD", 1013.2f, 185.0f) // pressure hPa, temperature °C, as the DAHS wrote them
            .Floats(HoldingRegisters, 6006, "ABCD", 12.5f) // humidity %
            .Bits(Coils, 6000, true, true, false, false, false, false); // valid ×3, maintenance switch, control cycle trigger, suppress
        await using var line = new PseudoTerminalPair();
        await line.StartAsync();
        await using var server = PymodbusServer.Rtu(map, line.ServerEnd, 19200);
        await server.StartAsync();
        using var analyser = new ModbusClient(ModbusRtuTransport.OpenSerial(line.ClientEnd, 19200, Parity.Even, StopBits.One), 5, Options);

        var bitmap = analyser.ReadRegisters(ModbusTable.InputRegisters, 0, 1)[0];
        var pressureAndTemperature = analyser.ReadRegisters(ModbusTable.HoldingRegisters, 6000, 4);
        var humidity = analyser.ReadRegisters(ModbusTable.HoldingRegisters, 6006, 2);

        Assert.Equal((false, false, true, true), ((bitmap & 1) != 0, (bitmap & 2) != 0, (bitmap & 4) != 0, (bitmap & 0x100) != 0)); // failure, maintenance request, function check, check cycle
        Assert.Equal((1013.2f, 185.0f), (ModbusValues.ToFloat32(pressureAndTemperature, ModbusWordOrder.Abcd), ModbusValues.ToFloat32(pressureAndTemperature.AsSpan(2), ModbusWordOrder.Abcd)));
        Assert.Equal(12.5f, ModbusValues.ToFloat32(humidity, ModbusWordOrder.Abcd));
        Assert.Equal([true, true, false, false, false, false], analyser.ReadBits(ModbusTable.Coils, 6000, 6));

        // 6004–6005 are not in the extract's map, so this server refuses a read across them; a driver reads the blocks apart.
        var across = Assert.Throws<ModbusException>(() => analyser.ReadRegisters(ModbusTable.HoldingRegisters, 6000, 8));
        Assert.Equal(2, across.ExceptionCode);
    }

    [Fact]
    public async Task Siemens_Ga700_values_come_each_with_its_status_byte()
    {
        // A float (ABCD) and a register whose low byte is the status, per value: the layout is this test's; the manual's extract gives only the status codes.
        (string Gas, float Value, byte Status, string Meaning)[] values =
        [
            ("NO", 45.2f, 0x80, "good"), ("O2", 10.4f, 0xA4, "good, maintenance demanded"),
            ("CO", 3.1f, 0x24, "bad, fault"), ("SO2", 0f, 0x78, "uncertain, warming up"),
        ];
        var map = new ModbusServerMap();
        for (var i = 0; i < values.Length; i++)
        {
            map.Unit(1).Floats(HoldingRegisters, (ushort)(3 * i), "ABCD", values[i].Value).Registers(HoldingRegisters, (ushort)((3 * i) + 2), values[i].Status);
        }

        await using var server = PymodbusServer.Tcp(map);
        await server.StartAsync();
        using var analyser = new ModbusClient(new ModbusTcpTransport("127.0.0.1", server.Port), 1, Options);

        var registers = analyser.ReadRegisters(ModbusTable.HoldingRegisters, 0, (ushort)(3 * values.Length));

        Assert.Equal(
            values.Select(v => (v.Gas, v.Value, v.Status)),
            values.Select((v, i) => (v.Gas, ModbusValues.ToFloat32(registers.AsSpan(3 * i), ModbusWordOrder.Abcd), (byte)registers[(3 * i) + 2])));
    }
}
