"""How a file upload's limit (`max_size`, in bytes) reads, for the signer and the author.

One rule, so what the author types in the designer's *Largest file (MB)* box is what
signers are told: the box counts decimal megabytes (1 MB = 1,000,000 bytes, 1 KB = 1,000),
to at most three decimals, so a limit it sets is a whole number of KB and reads exactly:
in KB below 1 MB (0.1 -> 100,000 bytes -> "100 KB"), in MB from there with the decimals
typed (2.5 -> "2.5 MB", 2.048 -> "2.048 MB", 5 -> "5 MB").

Limits stored before, in bytes of 1,024 (the box's old MB of 1,048,576, the API, an
import), read as they did: a whole number of MB of 1,048,576 names that figure
(5,242,880 -> "5 MB"), and any count that is not a whole number of KB of 1,000 reads in
1,024s to one decimal (204,800 -> "200 KB", 104,857 -> "102.4 KB"). A count that is whole
in both KB (128,000 bytes, 125 x 1,024) reads as the box would have set it: "128 KB".
"""

from decimal import Decimal

MIB = 1024 * 1024


def limit_figure(count: int) -> tuple[Decimal, str]:
    """The figure and unit ("MB", "KB" or "bytes") a limit of `count` bytes reads as."""
    if count >= MIB and count % MIB == 0:
        return Decimal(count // MIB), "MB"
    if count >= 1000 and count % 1000 == 0:
        if count >= 10**6:
            return Decimal(count) / 10**6, "MB"
        return Decimal(count // 1000), "KB"
    for unit, scale in (("MB", MIB), ("KB", 1024)):
        if count >= scale:
            return Decimal(str(round(count / scale, 1))), unit
    return Decimal(count), "bytes"


def size_figure(count: int, at_most: bool = False) -> tuple[Decimal, str]:
    """A file's size (or a limit given in bytes, FORMSEAL_MAX_UPLOAD_BYTES) as the figure
    and unit it reads as, in MB of 1,000,000 bytes and KB of 1,000, as the limits above:
    to one decimal, rounded (1,536 -> 1.5 KB, 2,621,440 -> 2.6 MB), or rounded down with
    `at_most` so a limit never reads as more than it takes (20,971,520 -> 20.9 MB)."""
    for unit, scale in (("MB", 10**6), ("KB", 1000)):
        if count >= scale:
            tenths = count * 10 // scale if at_most else round(count * 10 / scale)
            return Decimal(tenths) / 10, unit
    return Decimal(count), "bytes"


def size_words(count: int, at_most: bool = False) -> str:
    """size_figure in English: 1536 -> "1.5 KB", 20000000 -> "20 MB", 900 -> "900 bytes"."""
    amount, unit = size_figure(count, at_most)
    return f"{plain(amount)} {unit}"


def plain(amount: Decimal) -> str:
    """Decimal("2.50") -> "2.5", Decimal("10") -> "10" (no exponent, no trailing zeros)."""
    return format(amount.normalize(), "f")


def limit_words(count: int) -> str:
    """The limit in English: 100000 -> "100 KB", 2500000 -> "2.5 MB", 204800 -> "200 KB"."""
    amount, unit = limit_figure(count)
    return f"{plain(amount)} {unit}"


def in_megabytes(count: int) -> str:
    """The limit as the *Largest file (MB)* box shows it: the figure signers read, in MB
    (100,000 -> "0.1", 204,800 -> "0.2", 2,500,000 -> "2.5", 104,857 -> "0.1024")."""
    amount, unit = limit_figure(count)
    scale = {"MB": 1, "KB": 1000, "bytes": 10**6}[unit]
    return plain(amount / scale)
