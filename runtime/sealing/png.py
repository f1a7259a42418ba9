"""A PNG file around pixels already laid out as scanlines, with zlib and struct only.

The seal draws two small images itself (the verification QR code, the sample signature):
too little to bring in an image library's encoder for.
"""

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png(
    width: int, height: int, scanlines: bytes, *, bit_depth: int, colour_type: int, level: int = -1
) -> bytes:
    """`scanlines`: each row's filter byte (0, none) then its pixels; `colour_type` 0 is
    greyscale, 6 RGBA; `level` is zlib's (-1, its default)."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (
        SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(scanlines, level))
        + _chunk(b"IEND", b"")
    )


def _chunk(tag: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(tag + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)
