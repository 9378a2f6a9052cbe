"""The zip container of a backup, checked byte by byte as `unzip -t` would.

Python's zipfile reads the central directory and the members' data, and checks each
member's CRC; it never compares a member's local header with its central directory
entry, nor the end record's counts with the directory it describes. A backup damaged
there still restores here, but other tools (and a later RecordSafe) may refuse it, so
verification refuses it too. RecordSafe writes exactly one shape (stored members, one
after another from offset 0, then the central directory, then the end records, no
comment), and anything else is damage.
"""

from __future__ import annotations

import struct
import zipfile
from typing import BinaryIO

from recordsafe.vault.backup_format import damaged

LOCAL = struct.Struct("<4s2H3H3L2H")  # signature … name length, extra length
CENTRAL = struct.Struct("<4s6H3L5H2L")
END = struct.Struct("<4s4H2LH")
ZIP64_END = struct.Struct("<4sQ2H2L4Q")
ZIP64_LOCATOR = struct.Struct("<4sLQL")
LOCAL_SIGNATURE = b"PK\x03\x04"
CENTRAL_SIGNATURE = b"PK\x01\x02"
END_SIGNATURE = b"PK\x05\x06"
ZIP64_END_SIGNATURE = b"PK\x06\x06"
ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
ZIP64_EXTRA = 0x0001
NO_32BIT_VALUE = 0xFFFFFFFF
DATA_DESCRIPTOR_FLAG = 0x08


def check_container(handle: BinaryIO, archive: zipfile.ZipFile, file_size: int) -> None:
    """Refuse (VaultDamaged) a container whose headers and directory do not agree."""
    infos = archive.infolist()
    start_dir, dir_size, count = _end_records(handle, file_size)
    if count != len(infos):
        raise damaged("its table of contents counts a different number of files than it lists")
    _check_central_directory(handle, start_dir, dir_size, infos)
    offset = 0
    for info in infos:
        if info.header_offset != offset:
            raise damaged(f"{info.filename} is not where the table of contents puts it")
        offset = _check_local_header(handle, info)
    if offset != start_dir:
        raise damaged("there are stray bytes between its files and its table of contents")


def _read(handle: BinaryIO, offset: int, size: int) -> bytes:
    handle.seek(offset)
    data = handle.read(size)
    if len(data) != size:
        raise damaged("it ends in the middle of a header (it may be truncated)")
    return data


def _end_records(handle: BinaryIO, file_size: int) -> tuple[int, int, int]:
    """(start of the central directory, its size, its number of entries), all agreeing."""
    if file_size < END.size:
        raise damaged("it is too short to be a backup")
    end_at = file_size - END.size
    sig, disk, dir_disk, on_disk, total, size, start, comment = END.unpack(
        _read(handle, end_at, END.size)
    )
    if sig != END_SIGNATURE or comment != 0:
        raise damaged("its end record is damaged or followed by stray bytes")
    if disk != 0 or dir_disk != 0 or on_disk != total:
        raise damaged("its end record describes a multi-part archive")
    directory_end = end_at
    locator_at = end_at - ZIP64_LOCATOR.size
    # zip64 end records, when present, sit between the directory and the end record
    # (zipfile writes them when a size, an offset or the count outgrows the old fields).
    if locator_at >= 0 and _read(handle, locator_at, 4) == ZIP64_LOCATOR_SIGNATURE:
        _lsig, ldisk, zip64_at, disks = ZIP64_LOCATOR.unpack(
            _read(handle, locator_at, ZIP64_LOCATOR.size)
        )
        if ldisk != 0 or disks != 1 or zip64_at + ZIP64_END.size != locator_at:
            raise damaged("its large-archive end record is damaged")
        zsig, _rest, _made, _need, zdisk, zdir_disk, zon_disk, ztotal, zsize, zstart = (
            ZIP64_END.unpack(_read(handle, zip64_at, ZIP64_END.size))
        )
        if zsig != ZIP64_END_SIGNATURE or zdisk or zdir_disk or zon_disk != ztotal:
            raise damaged("its large-archive end record is damaged")
        if (total, size, start) != (min(ztotal, 0xFFFF), min(zsize, NO_32BIT_VALUE),
                                    min(zstart, NO_32BIT_VALUE)):  # fmt: skip
            raise damaged("its two end records disagree")
        total, size, start, directory_end = ztotal, zsize, zstart, zip64_at
    elif NO_32BIT_VALUE in (size, start) or total == 0xFFFF:
        raise damaged("its large-archive end record is missing")
    if start + size != directory_end:
        raise damaged("its table of contents does not end where its end record begins")
    return start, size, total


def _check_central_directory(
    handle: BinaryIO, start: int, size: int, infos: list[zipfile.ZipInfo]
) -> None:
    at = start
    for info in infos:
        fields = CENTRAL.unpack(_read(handle, at, CENTRAL.size))
        name_len, extra_len, comment_len, disk = fields[10], fields[11], fields[12], fields[13]
        name = _read(handle, at + CENTRAL.size, name_len)
        if fields[0] != CENTRAL_SIGNATURE or name != info.filename.encode("utf-8"):
            raise damaged(f"its table of contents entry for {info.filename} is damaged")
        if comment_len != 0 or disk != 0:
            raise damaged(f"its table of contents entry for {info.filename} is damaged")
        at += CENTRAL.size + name_len + extra_len
    if at != start + size:
        raise damaged("its table of contents is not the size its end record says")


def _check_local_header(handle: BinaryIO, info: zipfile.ZipInfo) -> int:
    """Compare the member's local header with its directory entry; returns where it ends."""
    (sig, _need, flags, method, _time, _date, crc, csize, usize, name_len, extra_len) = (
        LOCAL.unpack(_read(handle, info.header_offset, LOCAL.size))
    )
    name = _read(handle, info.header_offset + LOCAL.size, name_len)
    extra = _read(handle, info.header_offset + LOCAL.size + name_len, extra_len)
    what = info.filename
    if sig != LOCAL_SIGNATURE or name != what.encode("utf-8"):
        raise damaged(f"the header of {what} is damaged")
    if flags != info.flag_bits or flags & DATA_DESCRIPTOR_FLAG or method != info.compress_type:
        raise damaged(f"the header of {what} disagrees with its table of contents")
    if NO_32BIT_VALUE in (csize, usize):
        usize, csize = _zip64_sizes(extra, what)
    if (crc, csize, usize) != (info.CRC, info.compress_size, info.file_size):
        raise damaged(f"the header of {what} records another checksum or size")
    end: int = info.header_offset + LOCAL.size + name_len + extra_len + info.compress_size
    return end


def _zip64_sizes(extra: bytes, what: str) -> tuple[int, int]:
    at = 0
    while at + 4 <= len(extra):
        kind, length = struct.unpack_from("<2H", extra, at)
        if kind == ZIP64_EXTRA and length >= 16:
            usize, csize = struct.unpack_from("<2Q", extra, at + 4)
            return usize, csize
        at += 4 + length
    raise damaged(f"the header of {what} lacks its large-file sizes")
