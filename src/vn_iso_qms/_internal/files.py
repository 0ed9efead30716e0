"""Reading and writing files safely: bounded reads of any path, atomic writes that never clobber.

A path given to a reader may be anything: a regular file, a directory, a FIFO that never
delivers, `/dev/zero` that never ends. Only regular files are read, and never more than the
limit plus one byte (so that a file growing while it is read is still refused). Outputs are
written to a temporary file in the target's directory and moved into place in one step, so a
reader of the target sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

from vn_iso_qms._internal.errors import InvalidDataError, Problem, QmsError, check_input_size

__all__ = ["OutputError", "atomic_write", "read_bounded", "same_file"]


class OutputError(QmsError, OSError):
    """An output cannot be written where it was asked to go (e.g. it would replace an input)."""


def _unreadable(path: Path, reason: str, what: str) -> InvalidDataError:
    problem = Problem(
        record_type="file",
        field=str(path),
        code="unreadable",
        message=f"cannot read {path}: {reason}",
    )
    return InvalidDataError([problem], summary=f"cannot read {what}")


def read_bounded(path: str | os.PathLike[str], max_bytes: int, *, what: str = "input") -> bytes:
    """The bytes of the regular file at `path`, refusing more than `max_bytes`.

    Special files (FIFOs, devices, sockets) and directories are refused before they are opened
    for reading, so nothing blocks; the file is opened without blocking and read to at most
    `max_bytes + 1` bytes, whatever its size claims.

    Raises:
        InputTooLargeError: the file holds more than `max_bytes`.
        InvalidDataError: the path is missing, not a regular file, or cannot be read.
    """
    p = Path(path)
    try:
        before = os.stat(p)
        if not stat.S_ISREG(before.st_mode):
            kind = "a directory" if stat.S_ISDIR(before.st_mode) else "not a regular file"
            raise _unreadable(p, f"it is {kind}", what)
        check_input_size(before.st_size, max_bytes, str(p))
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped after the stat
                raise _unreadable(p, "it is not a regular file", what)
            data = _read_at_most(fh, before.st_size, max_bytes)
    except (OSError, ValueError) as exc:  # missing, no permission, a NUL byte in the path
        raise _unreadable(p, getattr(exc, "strerror", None) or str(exc), what) from None
    check_input_size(len(data), max_bytes, str(p))
    return data


def _read_at_most(fh: BinaryIO, size: int, max_bytes: int) -> bytes:
    """At most `max_bytes + 1` bytes of `fh`, reserving memory for what is there, not the limit.

    The file's size as it was stat-ed is read in one go; a file that grew meanwhile is read on
    in 1 MiB steps up to the limit (a 2 GiB limit never reserves 2 GiB for a 2 KiB file).
    """
    data = fh.read(min(size, max_bytes) + 1)
    if len(data) <= size:
        return data
    parts = [data]
    total = len(data)
    while total <= max_bytes:
        chunk = fh.read(min(1024**2, max_bytes + 1 - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether `a` and `b` name the same existing file (through links or another spelling)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    protect: tuple[str | os.PathLike[str], ...] = (),
) -> None:
    """Write `data` to `path` atomically: a temporary file in the same directory, then a rename.

    Args:
        path: the target; an existing file there is replaced in one step.
        data: the bytes.
        protect: inputs that must never be replaced (the command's input files).

    Raises:
        OutputError: `path` is one of `protect`.
        OSError: the directory is not writable, the disk is full, ...
    """
    target = Path(path)
    for other in protect:
        if same_file(target, other):
            msg = f"{target} is an input of this command; choose another output path"
            raise OutputError(msg)
    directory = target.parent
    # the temporary name stays within the file system's 255 bytes a name, whatever the target's
    stem = os.fsencode(target.name)[:64].decode("utf-8", errors="ignore")
    fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:  # keep the mode an existing target had; a new file gets rw-r--r--
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except OSError:
            mode = 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
