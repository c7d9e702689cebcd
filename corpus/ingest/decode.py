"""Bytes to clean article text: encoding detection, binary sniffing and XML-safe cleaning.

Decoding order: UTF-32/UTF-16 with a BOM, UTF-8 (with or without BOM), UTF-16 without a BOM when
every other byte is NUL, then cp1252, then latin-1. Latin-1 never fails, so a file is refused as
"not text" only when the decoded result is dominated by control characters.

Limits: the encoding is guessed, not known. A cp1252 or latin-1 file that happens to be valid
UTF-8 (rare for real prose) is read as UTF-8; a file in another single-byte encoding (cp1251,
Mac Roman...) is read as cp1252 and its non-ASCII letters come out wrong without any error.
"""

from __future__ import annotations

import codecs
import re

from corpus.errors import InputError

#: Byte signatures of formats that are certainly not article text.
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or office document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
)

#: NUL bytes above this share of the file mean "binary" (a trace of NULs is only cleaned away).
MAX_NUL_SHARE = 0.01
#: Control characters (other than tab/newline) above this share of the text mean "not text"
#: (when there are at least MIN_CONTROL_COUNT of them: one stray byte in a short file is fine).
MAX_CONTROL_SHARE = 0.05
MIN_CONTROL_COUNT = 5

# Characters XML 1.0 forbids (tab, LF and CR are allowed; CR is normalised before this runs).
# Any surrogate in a Python str is a lone one: proper pairs only exist in UTF-16 bytes.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NEWLINES = re.compile("\r\n?")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def clean_text(text: str) -> str:
    """Normalise newlines (CRLF/CR -> LF), drop a leading BOM and XML-illegal characters.

    Trailing whitespace is *not* removed here (see :func:`clean_document`); leading text is
    never touched, so character offsets into the source survive except for a BOM or CRs.
    """
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    text = _XML_ILLEGAL.sub("", text)
    if text.startswith("\ufeff"):
        text = text.lstrip("\ufeff")  # a doubled BOM comes from re-encoding a file
    return text


def clean_document(text: str) -> str:
    """:func:`clean_text` plus removal of the trailing whitespace of the whole text."""
    return clean_text(text).rstrip()


def binary_kind(data: bytes) -> str | None:
    """Name the binary format of ``data``, or None when it may be text."""
    for bom, _codec in _BOMS:
        if data.startswith(bom):
            return None  # a BOM says text, whatever NULs UTF-16/32 brings
    for magic, name in BINARY_MAGIC:
        if data.startswith(magic):
            if magic == b"MZ" and b"\x00" not in data[:512]:
                continue  # "MZ" is also how a text may begin
            return name
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Decode BOM-less UTF-16 when the NULs sit on one parity, as in mostly-ASCII UTF-16."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for nuls, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= 0.5 * half and other <= 0.01 * half:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _too_many_controls(text: str) -> bool:
    count = len(_CONTROL.findall(text))
    return count >= MIN_CONTROL_COUNT and count > MAX_CONTROL_SHARE * len(text)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes to ``(text, encoding)``; raise :class:`InputError` for non-text.

    The text is returned as decoded (BOM and all); pass it through :func:`clean_document`.
    """
    if not data.strip():
        raise InputError("empty file: nothing to ingest")
    kind = binary_kind(data)
    if kind:
        raise InputError(f"binary file ({kind}): not an article; extract its text first")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec
            except UnicodeDecodeError as err:
                raise InputError(
                    f"broken {codec} text ({err.reason} at byte {err.start + len(bom)}): "
                    "re-save the file as UTF-8"
                ) from None
    nuls = data.count(0)
    if nuls > MAX_NUL_SHARE * len(data):
        text = _utf16_without_bom(data)
        if text is not None and not _too_many_controls(text):
            return text, "utf-16"
        raise InputError(
            f"binary file (NUL bytes: {nuls} of {len(data)}): not an article; "
            "give a plain-text, JSON or JSON Lines file"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _too_many_controls(text):
            raise InputError(
                "binary file (mostly control characters): not an article; "
                "give a plain-text, JSON or JSON Lines file"
            )
        return text, "utf-8"
    for codec in ("cp1252", "latin-1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _too_many_controls(text):
            return text, codec
    raise InputError("not UTF-8, cp1252 or latin-1 text: convert the file to UTF-8")


def decode_line(data: bytes) -> str:
    """Decode one JSON Lines line: UTF-8, else cp1252, else latin-1 (never fails)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")
