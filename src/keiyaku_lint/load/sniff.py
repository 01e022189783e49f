"""Tell what a file really is from its first bytes.

The loader trusts neither the extension nor the content alone: a file is read
only when both agree (see ``keiyaku_lint.load.load``). This module answers the
content half: ``sniff(head)`` names the kind of data, and ``cfb_stream_names``
reads the directory of an OLE2 / Compound File Binary container (legacy .doc,
or an OOXML file Word encrypted with a password) with a small reader of our
own, so no extra dependency is needed.
"""
from __future__ import annotations

import struct
from typing import BinaryIO, Optional

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# first bytes -> a short, language-neutral name used in E108 messages
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"BM", "BMP image"),
    (b"{\\rtf", "RTF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "executable program"),
    (b"MZ", "executable program"),
)


def sniff(head: bytes) -> str:
    """Name the content from the first bytes: "zip", "cfb", "pdf-like" names
    from ``_MAGIC``, "text" (no NUL byte in the first bytes) or "binary data".

    A PDF may start with a few bytes of junk before ``%PDF`` (readers accept
    up to 1024), so that is searched for too.
    """
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(CFB_MAGIC):
        return "cfb"
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if b"%PDF-" in head[:1024]:
        return "PDF"
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in head:
        return "binary data"
    return "text"


class CFBError(Exception):
    pass


_FREESECT = 0xFFFFFFFF
_ENDOFCHAIN = 0xFFFFFFFE
_MAX_SECTORS = 1 << 20


def cfb_stream_names(f: BinaryIO, size: int) -> set[str]:
    """Names of every storage and stream in a Compound File Binary file.

    Reads the header, the FAT (through the DIFAT) and the directory chain;
    every loop is bounded so a hostile file cannot make it spin. Raises
    CFBError when the structure is not readable.
    """
    f.seek(0)
    header = f.read(512)
    if len(header) < 512 or not header.startswith(CFB_MAGIC):
        raise CFBError("not a compound file")
    sector_shift = struct.unpack_from("<H", header, 30)[0]
    if sector_shift not in (9, 12):
        raise CFBError("bad sector size")
    ssize = 1 << sector_shift
    n_fat = struct.unpack_from("<I", header, 44)[0]
    first_dir = struct.unpack_from("<I", header, 48)[0]
    first_difat = struct.unpack_from("<I", header, 68)[0]
    n_difat = struct.unpack_from("<I", header, 72)[0]
    n_sectors = max(0, (size - ssize) // ssize + 1)
    if n_fat > _MAX_SECTORS or n_difat > _MAX_SECTORS:
        raise CFBError("implausible FAT size")

    def read_sector(sid: int) -> bytes:
        if sid >= n_sectors + 1:
            raise CFBError("sector out of range")
        f.seek((sid + 1) * ssize)
        data = f.read(ssize)
        if len(data) < ssize:
            raise CFBError("truncated sector")
        return data

    fat_sids = [s for s in struct.unpack_from("<109I", header, 76) if s != _FREESECT]
    sid, seen = first_difat, 0
    per = ssize // 4 - 1
    while sid not in (_ENDOFCHAIN, _FREESECT) and seen < n_difat:
        data = read_sector(sid)
        vals = struct.unpack_from(f"<{per + 1}I", data)
        fat_sids.extend(v for v in vals[:per] if v != _FREESECT)
        sid, seen = vals[per], seen + 1
    fat_sids = fat_sids[:n_fat] if n_fat else fat_sids
    fat: list[int] = []
    for s in fat_sids:
        fat.extend(struct.unpack(f"<{ssize // 4}I", read_sector(s)))

    names: set[str] = set()
    sid, steps = first_dir, 0
    while sid not in (_ENDOFCHAIN, _FREESECT):
        steps += 1
        if steps > min(len(fat) + 1, _MAX_SECTORS):
            raise CFBError("directory chain loops")
        data = read_sector(sid)
        for off in range(0, ssize, 128):
            entry = data[off:off + 128]
            name_len = struct.unpack_from("<H", entry, 64)[0]
            kind = entry[66]
            if kind == 0 or not 2 <= name_len <= 64:
                continue
            names.add(entry[:name_len - 2].decode("utf-16-le", "replace"))
        if sid >= len(fat):
            raise CFBError("directory sector outside the FAT")
        sid = fat[sid]
    return names


def cfb_is_encrypted_ooxml(f: BinaryIO, size: int) -> Optional[bool]:
    """True when the compound file holds the streams Office writes for a
    password-protected OOXML file ("EncryptionInfo" / "EncryptedPackage"),
    False when it does not (a legacy .doc/.xls/...), None when the directory
    cannot be read and no such name appears in the raw bytes either."""
    try:
        names = cfb_stream_names(f, size)
    except (CFBError, struct.error, OSError):
        # Fall back to looking for the stream names in the raw bytes
        # (directory entries store names as UTF-16LE).
        f.seek(0)
        raw = f.read(min(size, 8 << 20))
        for n in ("EncryptedPackage", "EncryptionInfo"):
            if n.encode("utf-16-le") in raw:
                return True
        return None
    return bool(names & {"EncryptedPackage", "EncryptionInfo"})
