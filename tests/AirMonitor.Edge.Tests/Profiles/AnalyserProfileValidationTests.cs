using System.IO.Ports;
using AirMonitor.Edge.Profiles;
using AirMonitor.Sensors.Modbus;
using AirMonitor.Sensors.ModbusAnalyser;
using static AirMonitor.Edge.Tests.Profiles.TestProfiles;

namespace AirMonitor.Edge.Tests.Profiles;

/// <summary>The plant analyser part of the profile schema (bus modbus-tcp, modbus-rtu, gpio and the modbus: map), with the exact messages.</summary>
public sealed class AnalyserProfileValidationTests
{
    private const string Source = "firmware-config/devices/yok-kanazawa-plant-01.yaml";

    // Line 8 is the first sensor ("- name: stack-gas"), line 23 the second ("- name: stack-hcl"), line 34 the third ("- name: plant-state").
    private const string Profile = """
        device:
          id: yok-kanazawa-plant-01
          station: yok-kanazawa-plant
        mqtt:
          url: mqtt://127.0.0.1:1883
        sensors:
          # a GA700 over Modbus TCP
          - name: stack-gas
            model: modbus-analyser
            bus: modbus-tcp
            host: 10.20.0.11
            interval: 10s
            modbus:
              word_order: abcd
              values:
                - {metric: stack_no, table: holding, address: 0, type: float32, status: {address: 2, byte: low, codes: {0x80: valid, 0x24: malfunction}}}
                - {metric: stack_co, table: holding, address: 3, type: float32}
              status:
                - {kind: bit, table: discrete_input, address: 1004, when: 0, status: not_measuring}
                - {kind: bitmap, table: input, address: 20, bits: {0: malfunction, 1: valid, 8: function_check}}
                - {kind: contact, pin: 17, active: low, status: maintenance}
          # a GLS100 on the RS-485 line
          - name: stack-hcl
            model: modbus-analyser
            bus: modbus-rtu
            port: /dev/ttyUSB0
            unit: 3
            interval: 10s
            modbus:
              values:
                - {metric: stack_hcl, table: input, address: 10, type: int16, scale: 0.1, offset: -1}
              status:
                - {kind: code, table: holding, address: 4096, codes: {0: valid, 1: valid, 2: out_of_spec, 3: function_check, 4: malfunction}}
          # the plant's contacts
          - name: plant-state
            model: modbus-analyser
            bus: gpio
            interval: 10s
            modbus:
              state: {kind: contacts, contacts: [{pin: 5, active: low, state: start_up}, {pin: 6, active: low, state: shut_down}, {pin: 13, active: low, state: operating}]}
        """;

    private static string Error(string yaml) => Fails(yaml, Source).Message;

    [Fact]
    public void Valid_analyser_profile_is_read_with_every_default_filled_in()
    {
        var profile = Parse(Profile, Source);

        var gas = profile.Sensors[0].Analyser!;
        Assert.Equal((SensorBus.ModbusTcp, new ModbusTcpEndpoint("10.20.0.11", 502), (byte)1, TimeSpan.FromSeconds(1), 1), (profile.Sensors[0].Bus, gas.Endpoint, gas.Unit, gas.Timeout, gas.Retries));
        Assert.Equal((ModbusWordOrder.Abcd, 16), (gas.Map.WordOrder, gas.Map.MaxGap));
        var no = gas.Map.Values[0];
        Assert.Equal(("stack_no", ModbusTable.HoldingRegisters, (ushort)0, AnalyserValueType.Float32, 1.0, 0.0), (no.Metric, no.Table, no.Address, no.Type, no.Scale, no.Offset));
        Assert.Equal((ModbusTable.HoldingRegisters, (ushort)2, StatusCodeByte.Low, AnalyserStatus.Malfunction), (no.Status!.Table, no.Status.Address, no.Status.Byte, no.Status.Otherwise));
        Assert.Equal([(0x24, AnalyserStatus.Malfunction), (0x80, AnalyserStatus.Valid)], no.Status.Codes.Select(c => (c.Key, c.Value)).Order());
        Assert.Equal(new StatusBit(ModbusTable.DiscreteInputs, 1004, false, AnalyserStatus.NotMeasuring), gas.Map.Status[0]);
        Assert.Equal(new StatusContact(17, false, AnalyserStatus.Maintenance), gas.Map.Status[2]);

        var hcl = profile.Sensors[1].Analyser!;
        Assert.Equal((new ModbusRtuEndpoint("/dev/ttyUSB0", 9600, Parity.Even, StopBits.One), (byte)3), (hcl.Endpoint, hcl.Unit));
        Assert.Equal((0.1, -1.0), (hcl.Map.Values[0].Scale, hcl.Map.Values[0].Offset));

        var plant = profile.Sensors[2].Analyser!;
        Assert.Null(plant.Endpoint);
        Assert.Equal([5, 6, 13], plant.Map.Pins);
        Assert.Equal(PlantState.ShutDown, ((PlantStateContacts)plant.Map.State!).Contacts[1].State);
    }

    [Fact]
    public void Two_analysers_may_share_one_RS485_line_with_their_own_unit_ids()
    {
        var profile = Parse(Profile.With("  # the plant's contacts", """
              - name: stack-hg
                model: modbus-analyser
                bus: modbus-rtu
                port: /dev/ttyUSB0
                unit: 4
                interval: 10s
                modbus: {values: [{metric: stack_hg, table: input, address: 0, type: uint16}]}
              # the plant's contacts
            """), Source);

        Assert.Equal(["/dev/ttyUSB0", "/dev/ttyUSB0"], profile.Sensors.Where(s => s.Bus == SensorBus.ModbusRtu).Select(s => s.Port));
    }

    [Fact]
    public void The_same_unit_twice_on_one_line_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[3].unit: unit 3 on '/dev/ttyUSB0' is already read by sensors[1]; each analyser on one line or endpoint has its own unit id (line 44, column 11)",
            Error(Profile + """

                  - name: stack-hg
                    model: modbus-analyser
                    bus: modbus-rtu
                    port: /dev/ttyUSB0
                    unit: 3
                    interval: 10s
                    modbus: {values: [{metric: stack_hg, table: input, address: 0, type: uint16}]}
                """));
    }

    [Fact]
    public void Analysers_on_one_line_at_different_settings_are_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[3].port: '/dev/ttyUSB0' is already used by sensors[1] at 9600 baud, parity even, 1 stop bit; every analyser on one RS-485 line uses the line's baud, parity and stop bits (line 44, column 11)",
            Error(Profile + """

                  - name: stack-hg
                    model: modbus-analyser
                    bus: modbus-rtu
                    port: /dev/ttyUSB0
                    baud: 19200
                    unit: 4
                    interval: 10s
                    modbus: {values: [{metric: stack_hg, table: input, address: 0, type: uint16}]}
                """));
    }

    [Fact]
    public void A_key_of_the_other_bus_and_a_missing_host_are_each_one_line()
    {
        Assert.Equal(
            $"{Source}: 2 errors: sensors[0].port: only applies to bus: uart, modbus-rtu; this sensor is on bus: modbus-tcp (line 11, column 11); "
            + "sensors[0].host: required for bus: modbus-tcp (the analyser's or its gateway's host name or IP address) (line 8, column 5)",
            Error(Profile.With("host: 10.20.0.11", "port: /dev/ttyUSB1")));
    }

    [Fact]
    public void Misspelt_map_key_gets_a_hint()
    {
        Assert.Equal(
            $"{Source}: 2 errors: sensors[0].modbus.word_ordre: unknown key; did you mean 'word_order'? expected word_order, max_gap, values, status, state (line 14, column 7); "
            + "sensors[0].modbus.word_order: required with 32-bit values (stack_no): the analyser's manual says which of abcd, cdab, badc, dcba (line 14, column 7)",
            Error(Profile.With("word_order: abcd", "word_ordre: abcd")));
    }

    [Theory]
    [InlineData("metric: stack_co,", "metric: stack_c0,", "sensors[0].modbus.values[1].metric: unknown metric 'stack_c0'; did you mean 'stack_co'? metrics are named as on the wire (docs/storage.md) (line 17, column 20)")]
    [InlineData("address: 3, type: float32}", "address: 70000, type: float32}", "sensors[0].modbus.values[1].address: 70000 is outside 0..65535, the PDU addresses of a Modbus table (line 17, column 55)")]
    [InlineData("address: 3, type: float32}", "address: 3, type: float}", "sensors[0].modbus.values[1].type: unknown value type 'float'; did you mean 'float32'? expected float32, int16, uint16, int32, uint32 (line 17, column 64)")]
    [InlineData("word_order: abcd", "word_order: big", "sensors[0].modbus.word_order: unknown word order 'big'; expected abcd, cdab, badc, dcba (line 14, column 19)")]
    [InlineData("status: maintenance}", "status: maintainance}", "sensors[0].modbus.status[2].status: unknown status 'maintainance'; did you mean 'maintenance'? expected valid, malfunction, maintenance, function_check, out_of_spec, not_measuring (line 21, column 57)")]
    [InlineData("table: discrete_input", "table: input", "sensors[0].modbus.status[0].table: unknown bit table 'input'; expected discrete_input, coil (line 19, column 30)")]
    [InlineData("{kind: bitmap,", "{kind: bitfield,", "sensors[0].modbus.status[1].kind: unknown status source kind 'bitfield'; expected bit, bitmap, code, contact (line 20, column 18)")]
    [InlineData("8: function_check}", "16: function_check}", "sensors[0].modbus.status[1].bits.16: '16' is not a bit 0..15 (hex 0x.. or decimal) (line 20, column 86)")]
    [InlineData("address: 3, type: float32}", "address: 1, type: float32}", "sensors[0].modbus.values[1]: its registers 1..2 overlap sensors[0].modbus.values[0] (stack_no's registers at 0..1) (line 17, column 11)")]
    [InlineData("address: 3, type: float32}", "address: 2, type: int16}", "sensors[0].modbus.values[1]: its registers 2 overlap sensors[0].modbus.values[0] (stack_no's status register at 2) (line 17, column 11)")]
    [InlineData("metric: stack_co,", "metric: stack_no,", "sensors[0].modbus.values[1].metric: duplicate metric 'stack_no', already read by sensors[0].modbus.values[0] (line 17, column 11)")]
    [InlineData("metric: stack_co,", "metric: plant_state,", "sensors[0].modbus.values[1].metric: plant_state is read through modbus.state (a code register or contacts), not as a value (line 17, column 20)")]
    [InlineData("unit: 3", "unit: 248", "sensors[1].unit: 248 is outside 1..247 (line 27, column 11)")]
    [InlineData("bus: gpio", "bus: i2c", "sensors[2].bus: a modbus-analyser is read over bus: modbus-tcp, modbus-rtu or gpio, not i2c (line 37, column 10)")]
    public void Each_map_problem_is_one_line_with_its_key_path_and_position(string oldText, string newText, string expected)
    {
        var message = Error(Profile.With(oldText, newText));

        Assert.Equal($"{Source}: {expected}", message.Replace($"{Source}: 2 errors: ", $"{Source}: ", StringComparison.Ordinal).Split("; sensors[2].modbus:")[0]);
    }

    [Fact]
    public void A_32_bit_value_needs_the_word_order()
    {
        Assert.Equal(
            $"{Source}: sensors[0].modbus.word_order: required with 32-bit values (stack_no): the analyser's manual says which of abcd, cdab, badc, dcba (line 14, column 7)",
            Error(Profile.With("      word_order: abcd\n", "")));
    }

    [Fact]
    public void A_contacts_only_sensor_reads_no_registers()
    {
        Assert.Equal(
            $"{Source}: sensors[2].modbus: bus: gpio reads only GPIO contacts; values and register status need bus: modbus-tcp or modbus-rtu (line 40, column 7)",
            Error(Profile.With("      state: {kind: contacts,", "      values: [{metric: flow, table: input, address: 0, type: uint16}]\n      state: {kind: contacts,")));
    }

    [Fact]
    public void A_map_needing_more_than_16_requests_is_refused()
    {
        var values = string.Join("\n", Enumerable.Range(0, 17).Select(i => $"        - {{metric: {Metrics[i]}, table: input, address: {i * 100}, type: uint16}}"));

        Assert.Equal(
            $"{Source}: sensors[1].modbus: the map needs 18 read requests, more than 16 in one reading: read fewer registers, raise max_gap to join ranges, or split the values over two sensors (line 30, column 7)",
            Error(Profile.With("        - {metric: stack_hcl, table: input, address: 10, type: int16, scale: 0.1, offset: -1}", values)));
    }

    [Fact]
    public void A_GPIO_pin_read_by_two_sensors_is_refused()
    {
        Assert.Equal(
            $"{Source}: sensors[2].modbus: GPIO pin 17 is already read by sensors[0] (line 40, column 7)",
            Error(Profile.With("{pin: 5, active: low, state: start_up}", "{pin: 17, active: low, state: start_up}")));
    }

    private static readonly string[] Metrics =
    [
        "stack_so2", "stack_nox", "stack_co", "stack_hcl", "stack_dust", "flue_temperature", "flow", "stack_no", "stack_no2",
        "stack_co2", "stack_h2o", "stack_hf", "stack_nh3", "stack_toc", "stack_hg", "flue_pressure", "flow_actual",
    ];
}
