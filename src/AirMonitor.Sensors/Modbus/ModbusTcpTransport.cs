using System.Buffers.Binary;
using System.Net.Sockets;

namespace AirMonitor.Sensors.Modbus;

/// <summary>
/// Modbus TCP (Modbus Messaging on TCP/IP Implementation Guide V1.0b): each PDU behind a 7-byte MBAP header whose
/// transaction id pairs the response with its request, so a late answer to a request that timed out is dropped, not
/// taken for the next one's. Connects on the first request, and again on the request after the link failed.
/// </summary>
public sealed class ModbusTcpTransport(string host, int port) : IModbusTransport
{
    /// <summary>The MBAP header: transaction id, protocol id (0), length (unit id and PDU), unit id (§3.1.3).</summary>
    internal const int HeaderLength = 7;

    private readonly object _gate = new();
    private Socket? _socket;
    private ushort _lastTransactionId;
    private bool _midFrame;
    private bool _disposed;

    public string Host { get; } = host;

    public int Port { get; } = port;

    public byte[] Exchange(byte unitId, ReadOnlySpan<byte> requestPdu, TimeSpan timeout)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var deadline = ModbusDeadline.After(timeout);
            var transactionId = unchecked(++_lastTransactionId);
            try
            {
                var socket = _socket ??= Connect(deadline);
                socket.Send(Frame(transactionId, unitId, requestPdu));
                return Receive(socket, transactionId, unitId, deadline);
            }
            catch (ModbusException e) when (e.Failure is ModbusFailure.Timeout && !_midFrame)
            {
                throw; // between frames the stream is still in step: a late answer is told apart by its transaction id
            }
            catch (ModbusException)
            {
                Disconnect();
                throw;
            }
            catch (SocketException e)
            {
                Disconnect();
                throw new ModbusException(ModbusFailure.LinkDown, $"{Host}:{Port}: {e.SocketErrorCode}", inner: e);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Disconnect();
        }
    }

    /// <summary>The MBAP header and the PDU, every field high byte first.</summary>
    internal static byte[] Frame(ushort transactionId, byte unitId, ReadOnlySpan<byte> pdu)
    {
        var frame = new byte[HeaderLength + pdu.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, transactionId);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4), (ushort)(pdu.Length + 1));
        frame[6] = unitId;
        pdu.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    private Socket Connect(ModbusDeadline deadline)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = new CancellationTokenSource(deadline.Remaining);
            socket.ConnectAsync(Host, Port, timeout.Token).AsTask().GetAwaiter().GetResult();
            return socket;
        }
        catch (OperationCanceledException e)
        {
            socket.Dispose();
            throw new ModbusException(ModbusFailure.LinkDown, $"{Host}:{Port}: no connection within the timeout", inner: e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private byte[] Receive(Socket socket, ushort transactionId, byte unitId, ModbusDeadline deadline)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        while (true)
        {
            ReceiveExactly(socket, header, deadline);
            var answers = BinaryPrimitives.ReadUInt16BigEndian(header);
            var length = BinaryPrimitives.ReadUInt16BigEndian(header[4..]);
            if (BinaryPrimitives.ReadUInt16BigEndian(header[2..]) != 0 || length < 2 || length > ModbusPdu.MaxLength + 1)
            {
                throw new ModbusException(ModbusFailure.BadFrame, $"{Host}:{Port}: not an MBAP header: {Convert.ToHexString(header)}");
            }

            var pdu = new byte[length - 1];
            ReceiveExactly(socket, pdu, deadline);
            _midFrame = false;
            if (answers != transactionId)
            {
                continue; // the answer to an earlier request that timed out
            }

            if (header[6] != unitId)
            {
                throw new ModbusException(ModbusFailure.BadFrame, $"{Host}:{Port}: unit {header[6]} answered a request to unit {unitId}");
            }

            return pdu;
        }
    }

    private void ReceiveExactly(Socket socket, Span<byte> buffer, ModbusDeadline deadline)
    {
        for (var received = 0; received < buffer.Length;)
        {
            // poll(2) counts whole milliseconds and may return a little early: the deadline, not the poll, ends the wait.
            while (!socket.Poll(deadline.Remaining, SelectMode.SelectRead))
            {
                if (deadline.HasPassed)
                {
                    throw new ModbusException(ModbusFailure.Timeout, $"{Host}:{Port}: no answer within the timeout");
                }
            }

            var read = socket.Receive(buffer[received..]);
            if (read == 0)
            {
                throw new ModbusException(ModbusFailure.LinkDown, $"{Host}:{Port}: the server closed the connection");
            }

            received += read;
            _midFrame = true;
        }
    }

    private void Disconnect()
    {
        _socket?.Dispose();
        _socket = null;
        _midFrame = false;
    }
}
