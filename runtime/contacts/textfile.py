"""Reading user-supplied text files (CSV, JSONL) as UTF-8, with errors that say where."""

from __future__ import annotations

from pathlib import Path

from runtime.errors import InputError


def read_utf8(path: str | Path) -> str:
    """The text of ``path`` decoded as UTF-8 (a leading BOM is dropped).

    A file that is not UTF-8 is refused as a whole with the line and byte offset of the first
    bad byte, so a wrongly exported file (cp1251, GBK) is never half imported.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: UTF-16 text (Excel's 'Unicode text'); save the file as CSV UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"{path}: not UTF-8 text: line {line}, byte offset {exc.start} (column {column}) has byte "
            f"0x{data[exc.start]:02x}; save the file as UTF-8 (cp1251 and GBK exports are not read)"
        ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(f"{path}: line {line}, byte offset {nul}: NUL byte; this is not a text file")
    return text[1:] if text.startswith("\ufeff") else text
