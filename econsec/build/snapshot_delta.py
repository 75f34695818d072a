"""The offline snapshot, smaller: its static data stored as a difference from the runtime's own.

A memory snapshot starts with the interpreter's static data, which the wasm's data segments
write into memory when the runtime is instantiated; most of it is unchanged when the snapshot is
made (about 2.7 MB of the first 3.2 MB are byte for byte the wasm's). The offline snapshot XORs
that span with the memory as it is just before Pyodide restores a snapshot, so the unchanged
bytes become zeros and compress to almost nothing (3.75 MB instead of 5.1 MB, gzip -9).

The worker undoes it in the same place (engine-worker.js, ``undelta``): Pyodide has instantiated
the wasm, the memory holds the data segments, and the worker XORs the span back before Pyodide
copies the snapshot in. It first checks that the span is what the build saw (a CRC-32 of it):
any other memory there means another runtime, and the worker falls back to the normal start.

The span is the data segments' from the first, up to the first byte that the runtime's own start
changes before the restore (relocations and constructors, measured in Node by the maker): the
rest of memory is left as it is.
"""

from __future__ import annotations

import struct
import zlib

from econsec.errors import EconsecError

DATA_SECTION = 11


def _leb(data: bytes, pos: int, signed: bool = False) -> tuple[int, int]:
    """The LEB128 number at ``pos`` (unsigned, or signed) and the position after it."""
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return (value - (1 << shift) if signed and byte & 0x40 else value), pos


def data_segments(wasm: bytes) -> list[tuple[int, bytes]]:
    """The wasm's active data segments placed at a constant offset: ``(offset, bytes)``."""
    if wasm[:4] != b"\0asm":
        raise EconsecError("pyodide.asm.wasm is not a WebAssembly module")
    pos, segments = 8, []
    while pos < len(wasm):
        section = wasm[pos]
        size, pos = _leb(wasm, pos + 1)
        end = pos + size
        if section == DATA_SECTION:
            count, at = _leb(wasm, pos)
            for _ in range(count):
                flag, at = _leb(wasm, at)
                if flag != 0 or wasm[at] != 0x41:  # only "active, memory 0, i32.const offset"
                    raise EconsecError("pyodide.asm.wasm: a data segment of an unknown form")
                offset, at = _leb(wasm, at + 1, signed=True)
                if wasm[at] != 0x0B:
                    raise EconsecError("pyodide.asm.wasm: a data segment of an unknown form")
                length, at = _leb(wasm, at + 1)
                segments.append((offset, wasm[at : at + length]))
                at += length
        pos = end
    return segments


def span(wasm: bytes, live: bytes) -> tuple[int, int]:
    """``(start, end)``: from the first data segment to the first byte that ``live`` (memory
    just before a restore) no longer holds as the segments wrote it; a multiple of 4."""
    segments = data_segments(wasm)
    if not segments:
        raise EconsecError("pyodide.asm.wasm has no data segments")
    start = min(offset for offset, _ in segments)
    top = max(offset + len(data) for offset, data in segments)
    image = bytearray(top)
    for offset, data in segments:
        image[offset : offset + len(data)] = data
    end = start
    limit = min(top, len(live))
    while end < limit:
        step = min(4096, limit - end)
        if live[end : end + step] != image[end : end + step]:
            while live[end] == image[end]:
                end += 1
            break
        end += step
    end -= end % 4
    if end - start < 1 << 20:
        raise EconsecError(f"the runtime changes its static data at {end}: no span to XOR")
    return start, end


def _xor(a: bytes, b: bytes) -> bytes:
    n = len(a)
    return (int.from_bytes(a, "little") ^ int.from_bytes(b, "little")).to_bytes(n, "little")


def delta(raw: bytes, wasm: bytes, live: bytes) -> tuple[bytes, dict[str, int]]:
    """``raw`` (a Pyodide snapshot) with its static span XORed with ``live``'s, and what the
    worker needs to undo it: ``{"start", "end", "crc"}`` (memory offsets, CRC-32 of the span)."""
    header = struct.unpack_from("<I", raw, 4)[0]
    start, end = span(wasm, live)
    base = live[start:end]
    out = raw[: header + start] + _xor(raw[header + start : header + end], base)
    out += raw[header + end :]
    return out, {"start": start, "end": end, "crc": zlib.crc32(base)}


def undelta(data: bytes, live: bytes, params: dict[str, int]) -> bytes:
    """The inverse (what the worker does), for tests."""
    start, end = params["start"], params["end"]
    if zlib.crc32(live[start:end]) != params["crc"]:
        raise EconsecError("the memory before the restore is not the one the delta was made on")
    header = struct.unpack_from("<I", data, 4)[0]
    body = _xor(data[header + start : header + end], live[start:end])
    return data[: header + start] + body + data[header + end :]
