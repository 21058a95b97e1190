"""Encoder and decoder for the telemetry wire protocol (v3).

Frames are: magic (2 bytes), version (1), type (1), length (4, big endian),
payload, CRC32 (4). Payloads are TLV-encoded fields. Used by the collector
(asyncio) and by the offline replay tool.
"""
import asyncio
import struct
import zlib
from typing import Iterable

MAGIC = b"\xfe\x01"
VERSION = 3
HEADER = struct.Struct(">2sBBI")
TLV = struct.Struct(">HH")


def encode_tlv(fields: dict) -> bytes:
    payload = b""
    for tag, value in sorted(fields.items()):
        raw = value if isinstance(value, bytes) else str(value).encode("utf-8")
        payload += TLV.pack(tag, len(raw)) + raw  # expect: PFL201
    return payload


def encode_tlv_fast(fields: dict) -> bytes:
    chunks = []
    for tag, value in sorted(fields.items()):
        raw = value if isinstance(value, bytes) else str(value).encode("utf-8")
        chunks.append(TLV.pack(tag, len(raw)))
        chunks.append(raw)
    return b"".join(chunks)


def encode_frame(frame_type: int, payload: bytes) -> bytes:
    header = HEADER.pack(MAGIC, VERSION, frame_type, len(payload))
    frame = header + payload  # near-miss: PFL201 one concatenation, no loop
    frame += struct.pack(">I", zlib.crc32(frame))  # near-miss: PFL201 no loop
    return frame


def encode_batch(frames: Iterable[bytes]) -> bytes:
    out = bytes()
    count = 0
    for frame in frames:
        out = out + frame  # expect: PFL201
        count += 1  # near-miss: PFL201 int counter
    return struct.pack(">I", count) + out


def encode_varints(numbers) -> bytes:
    data: bytes = b""
    for n in numbers:
        while n >= 0x80:
            data += bytes(((n & 0x7F) | 0x80,))  # expect: PFL201
            n >>= 7
        data += bytes((n,))  # expect: PFL201
    return data


def encode_varints_fast(numbers) -> bytes:
    buf = bytearray()
    for n in numbers:
        while n >= 0x80:
            buf += bytes(((n & 0x7F) | 0x80,))  # near-miss: PFL201 bytearray grows in place
            n >>= 7
        buf.append(n)
    return bytes(buf)


def pad_to_block(payload: bytes, block: int = 16) -> bytes:
    return payload + b"\x00" * (-len(payload) % block)  # near-miss: PFL201 no loop


def keepalive_burst(prefix, count):
    # prefix comes from the caller (kind unknown): a bytearray here would grow
    # in place, so a bytes operand alone does not prove quadratic copying
    for _ in range(count):
        prefix += b"\xfe\x01\x03\x00\x00\x00\x00\x00"  # near-miss: PFL201 may be a bytearray
    return prefix


def checksum(frames) -> int:
    crc = 0
    for frame in frames:
        crc = zlib.crc32(frame, crc)  # near-miss: PFL201 int, and not a concatenation
    return crc


class FrameDecoder:
    """Incremental decoder: feed it bytes, take complete frames out."""

    def __init__(self):
        self._buf = bytearray()
        self.frames = []

    def feed(self, data: bytes) -> None:
        self._buf += data  # near-miss: PFL201 bytearray, and no loop
        while len(self._buf) >= HEADER.size:
            magic, version, ftype, length = HEADER.unpack_from(self._buf)
            end = HEADER.size + length + 4
            if len(self._buf) < end:
                break
            payload = bytes(self._buf[HEADER.size:end - 4])
            self.frames += [(ftype, payload)]  # near-miss: PFL202 += on a list
            del self._buf[:end]


async def read_frames(reader: asyncio.StreamReader, decoder: FrameDecoder):
    while not reader.at_eof():
        chunk = await reader.read(65536)
        if not chunk:
            break
        decoder.feed(chunk)
    return decoder.frames


async def read_exactly_slow(reader: asyncio.StreamReader, size: int) -> bytes:
    received = b""
    while len(received) < size:
        chunk = await reader.read(size - len(received))
        if not chunk:
            raise asyncio.IncompleteReadError(received, size)
        received += chunk  # expect: PFL201
    return received


async def send_all(writer: asyncio.StreamWriter, frames) -> int:
    sent = 0
    async for frame in frames:
        writer.write(frame)
        sent += len(frame)  # near-miss: PFL201 int
        await writer.drain()
    return sent


async def hexdump_stream(frames) -> str:
    dump = ""
    async for frame in frames:
        dump += frame.hex(" ") + "\n"  # expect: PFL201
    return dump


def replay(path: str) -> list:
    with open(path, "rb") as fh:
        blob = fh.read()
    decoder = FrameDecoder()
    decoder.feed(blob)
    return decoder.frames
