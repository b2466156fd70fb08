using AirMonitor.Sensors.Modbus;

namespace AirMonitor.Sensors.Tests.Modbus;

/// <summary>The PDUs and frames byte for byte against the examples of the Modbus specifications.</summary>
public sealed class ModbusPduTests
{
    // Modbus Application Protocol V1.1b3: §6.1 read coils 20–38, §6.2 read discrete inputs 197–218,
    // §6.3 read holding registers 108–110, §6.4 read input register 9 (PDU address = number − 1).
    [Theory]
    [InlineData(ModbusTable.Coils, 19, 19, "0100130013")]
    [InlineData(ModbusTable.DiscreteInputs, 196, 22, "0200C40016")]
    [InlineData(ModbusTable.HoldingRegisters, 107, 3, "03006B0003")]
    [InlineData(ModbusTable.InputRegisters, 8, 1, "0400080001")]
    public void A_read_request_is_function_code_address_and_quantity_high_byte_first(ModbusTable table, ushort address, ushort count, string pdu) =>
        Assert.Equal(pdu, Convert.ToHexString(ModbusPdu.ReadRequest(table, address, count)));

    [Fact]
    public void Read_coils_response_of_6_1_packs_coil_20_into_the_lowest_bit_of_the_first_byte()
    {
        // Coils 27–20 = CD, 35–28 = 6B, 38–36 = 05 (the high bits of the last byte padded with zeros).
        var coils = ModbusPdu.ParseBits(Convert.FromHexString("0103CD6B05"), ModbusTable.Coils, 19);

        Assert.Equal(Bits(0xCD, 8).Concat(Bits(0x6B, 8)).Concat(Bits(0x05, 3)), coils);
        Assert.Equal("0103CD6B05", Convert.ToHexString(ModbusPdu.BitsResponse(ModbusTable.Coils, coils)));
    }

    [Fact]
    public void Read_discrete_inputs_response_of_6_2_unpacks_22_inputs()
    {
        var inputs = ModbusPdu.ParseBits(Convert.FromHexString("0203ACDB35"), ModbusTable.DiscreteInputs, 22);

        Assert.Equal(Bits(0xAC, 8).Concat(Bits(0xDB, 8)).Concat(Bits(0x35, 6)), inputs);
    }

    [Fact]
    public void Read_holding_registers_response_of_6_3_is_555_0_100()
    {
        var response = Convert.FromHexString("0306022B00000064");

        Assert.Equal([555, 0, 100], ModbusPdu.ParseRegisters(response, ModbusTable.HoldingRegisters, 3));
        Assert.Equal(response, ModbusPdu.RegistersResponse(ModbusTable.HoldingRegisters, [555, 0, 100]));
    }

    [Fact]
    public void Read_input_registers_response_of_6_4_is_10() =>
        Assert.Equal([10], ModbusPdu.ParseRegisters(Convert.FromHexString("0402000A"), ModbusTable.InputRegisters, 1));

    [Fact]
    public void The_exception_response_of_7_is_function_code_plus_0x80_and_the_exception_code()
    {
        // §7's example: read coil 1186 (04A1) of a server without it.
        var e = Assert.Throws<ModbusException>(() => ModbusPdu.ParseBits(Convert.FromHexString("8102"), ModbusTable.Coils, 1));

        Assert.Equal((ModbusFailure.ExceptionResponse, (byte)2), (e.Failure, e.ExceptionCode));
        Assert.Equal("8102", Convert.ToHexString(ModbusPdu.ExceptionResponse(0x01, 2)));
    }

    [Theory]
    [InlineData("0306022B0000", 3)] // byte count says 6, 4 data bytes came
    [InlineData("0304022B0000", 3)] // byte count 4 where 3 registers take 6
    [InlineData("0406022B00000064", 3)] // the input registers' function code answering a holding registers read
    [InlineData("8402", 3)] // another function's exception response
    [InlineData("03", 1)]
    public void A_response_that_does_not_answer_the_request_is_a_bad_frame(string response, ushort count)
    {
        var e = Assert.Throws<ModbusException>(() => ModbusPdu.ParseRegisters(Convert.FromHexString(response), ModbusTable.HoldingRegisters, count));
        Assert.Equal(ModbusFailure.BadFrame, e.Failure);
    }

    [Theory]
    [InlineData(ModbusTable.HoldingRegisters, 0, 126)]
    [InlineData(ModbusTable.InputRegisters, 0, 0)]
    [InlineData(ModbusTable.Coils, 0, 2001)]
    [InlineData(ModbusTable.DiscreteInputs, 0, 0)]
    [InlineData(ModbusTable.InputRegisters, 65500, 37)] // past address 65535
    public void A_count_the_spec_does_not_allow_is_refused(ModbusTable table, ushort address, ushort count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ModbusPdu.ReadRequest(table, address, count));

    [Fact]
    public void The_largest_reads_are_125_registers_and_2000_bits()
    {
        Assert.Equal("04FF83007D", Convert.ToHexString(ModbusPdu.ReadRequest(ModbusTable.InputRegisters, 65411, 125)));
        Assert.Equal("01000007D0", Convert.ToHexString(ModbusPdu.ReadRequest(ModbusTable.Coils, 0, 2000)));
    }

    [Fact]
    public void An_MBAP_frame_is_transaction_id_protocol_0_length_of_unit_and_PDU_unit_id_then_the_PDU() =>
        // Modbus Messaging on TCP/IP Implementation Guide V1.0b §3.1.3
        Assert.Equal("1234000000061103006B0003", Convert.ToHexString(ModbusTcpTransport.Frame(0x1234, 0x11, Convert.FromHexString("03006B0003"))));

    [Fact]
    public void An_RTU_frame_is_unit_id_PDU_and_CRC_low_byte_first() =>
        // MODBUS over Serial Line V1.02 §2.5.1.1 and §6.2.2
        Assert.Equal("1103006B00037687", Convert.ToHexString(ModbusRtuTransport.Frame(0x11, Convert.FromHexString("03006B0003"))));

    [Theory]
    [InlineData(9600, 4.0104)] // 3.5 × 11 bits / 9600 bps
    [InlineData(19200, 2.0052)]
    [InlineData(38400, 1.75)] // above 19200 bps fixed (§2.5.1.1)
    [InlineData(115200, 1.75)]
    public void The_silence_between_frames_is_3_5_characters_and_1_75_ms_above_19200_bps(int baudRate, double milliseconds) =>
        Assert.Equal(milliseconds, ModbusRtuTransport.SilentIntervalAt(baudRate).TotalMilliseconds, 3);

    private static IEnumerable<bool> Bits(int value, int count) => Enumerable.Range(0, count).Select(i => ((value >> i) & 1) != 0);
}
