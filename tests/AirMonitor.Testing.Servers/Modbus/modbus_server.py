#!/usr/bin/python3
"""A real Modbus server (Debian's python3-pymodbus 3.0) for the client's protocol tests.

Serves the register map of a JSON file over Modbus TCP on a port, or Modbus RTU on a serial device (one end of a
pseudo-terminal pair). Only the addresses the map names exist: a read touching any other is answered with exception
02 (illegal data address). On RTU a unit id the map does not name is not answered, as on a real line.

    modbus_server.py MAP.json tcp PORT
    modbus_server.py MAP.json rtu DEVICE BAUD

MAP.json: {"delay_file": "/tmp/x/delay", "units": {"1": {"coils": [{"address": 0, "bits": [true, false]}],
  "discrete_inputs": [...], "holding_registers": [{"address": 0, "registers": [1, 2]},
  {"address": 10, "float32": [285.8], "order": "CDAB"}, {"address": 20, "int32": [-5], "order": "ABCD"}],
  "input_registers": [...]}}}

Typed values are encoded by pymodbus's own BinaryPayloadBuilder, so the client's decoding is checked against another
implementation. When delay_file exists, each answer waits the seconds it holds (a slow server).
"""
import asyncio
import json
import logging
import os
import sys
import time

from pymodbus.constants import Endian
from pymodbus.datastore import ModbusServerContext, ModbusSlaveContext, ModbusSparseDataBlock
from pymodbus.payload import BinaryPayloadBuilder
from pymodbus.server.async_io import StartAsyncSerialServer, StartAsyncTcpServer
from pymodbus.transaction import ModbusRtuFramer, ModbusSocketFramer

# (byte order within a register, word order): A is the most significant byte of the value.
ORDERS = {
    "ABCD": (Endian.Big, Endian.Big),
    "CDAB": (Endian.Big, Endian.Little),
    "BADC": (Endian.Little, Endian.Big),
    "DCBA": (Endian.Little, Endian.Little),
}

TYPED = {"float32": "add_32bit_float", "int32": "add_32bit_int", "uint32": "add_32bit_uint"}


def registers_of(entry):
    if "registers" in entry:
        return [int(r) for r in entry["registers"]]
    for kind, add in TYPED.items():
        if kind in entry:
            byteorder, wordorder = ORDERS[entry.get("order", "ABCD")]
            builder = BinaryPayloadBuilder(byteorder=byteorder, wordorder=wordorder)
            for value in entry[kind]:
                getattr(builder, add)(value)
            return builder.to_registers()
    raise ValueError(f"no values in {entry}")


def block(entries, values_of):
    values = {}
    for entry in entries:
        for offset, value in enumerate(values_of(entry)):
            values[entry["address"] + offset] = value
    # An empty sparse block has no first address; pymodbus needs one, and it must still map nothing.
    store = ModbusSparseDataBlock(values or {0: 0})
    if not values:
        store.values.clear()
    return store


def unit_context(tables):
    bits = lambda e: [1 if b else 0 for b in e["bits"]]
    return ModbusSlaveContext(
        co=block(tables.get("coils", []), bits),
        di=block(tables.get("discrete_inputs", []), bits),
        hr=block(tables.get("holding_registers", []), registers_of),
        ir=block(tables.get("input_registers", []), registers_of),
        zero_mode=True,  # addresses in the map are PDU addresses, as on the wire
    )


def main():
    map_path, mode = sys.argv[1], sys.argv[2]
    with open(map_path, encoding="utf-8") as f:
        server_map = json.load(f)
    context = ModbusServerContext(
        slaves={int(unit): unit_context(tables) for unit, tables in server_map["units"].items()}, single=False)
    delay_file = server_map.get("delay_file")

    def answer_slowly(response):
        if delay_file and os.path.exists(delay_file):
            with open(delay_file, encoding="utf-8") as f:
                time.sleep(float(f.read() or 0))  # blocks the loop: the next request waits too, as on a busy device
        return response, False

    logging.basicConfig(level=logging.WARNING, stream=sys.stdout)
    if mode == "tcp":
        print(f"serving tcp {sys.argv[3]}", flush=True)
        asyncio.run(StartAsyncTcpServer(
            context=context, address=("127.0.0.1", int(sys.argv[3])), framer=ModbusSocketFramer,
            allow_reuse_address=True, response_manipulator=answer_slowly))
    elif mode == "rtu":
        async def serve():
            server = await StartAsyncSerialServer(
                context=context, framer=ModbusRtuFramer, port=sys.argv[3], baudrate=int(sys.argv[4]),
                response_manipulator=answer_slowly, defer_start=True)
            await server.start()
            if server.transport is None:
                raise SystemExit(f"cannot open {sys.argv[3]}")
            print(f"serving rtu {sys.argv[3]}", flush=True)
            await server.serve_forever()
        asyncio.run(serve())
    else:
        raise SystemExit(f"unknown mode {mode}: tcp or rtu")


if __name__ == "__main__":
    main()
