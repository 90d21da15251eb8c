"""What `presignkit upload PATH...` uploads: files, the files under directories, and stdin.

No click or rich here: the command line maps these errors to its own words.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from presignkit.errors import ValidationError
from presignkit.journal import Identity
from presignkit.many import ManySource

STDIN = "-"
_COPY_CHUNK = 1024 * 1024


def expand_paths(paths: list[str], *, recursive: bool) -> list[str]:
    """Each file as given; each directory's files (sorted, hidden ones skipped) when `recursive`.
    A path given twice, or found twice, is uploaded once."""
    found: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = path if path == STDIN else str(Path(path).resolve())
        if key not in seen:
            seen.add(key)
            found.append(path)

    for path in paths:
        if path != STDIN and Path(path).is_dir():
            if not recursive:
                raise ValidationError(
                    f"{path!r} is a directory; accepted are files, or directories with --recursive"
                )
            for root, directories, files in os.walk(path):
                directories[:] = sorted(d for d in directories if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        add(os.path.join(root, name))
        else:
            add(path)
    return found


def buffer_stdin(stream: BinaryIO, *, content_type: str, directory: str) -> ManySource:
    """Copy stdin into a temporary file in `directory` (so a failed PUT can be sent again, and a
    journal can recognise the same bytes on a rerun by their sha256)."""
    hasher = hashlib.sha256()
    handle, name = tempfile.mkstemp(prefix="stdin-", dir=directory)
    with os.fdopen(handle, "wb") as copy:
        while chunk := stream.read(_COPY_CHUNK):
            hasher.update(chunk)
            copy.write(chunk)
    size = os.path.getsize(name)
    if size == 0:
        raise ValidationError("stdin is empty; there is nothing to upload")
    return ManySource(
        name,
        content_type=content_type,
        filename=stdin_filename(content_type),
        identity=Identity(f"stdin:{hasher.hexdigest()}", size, 0),
    )


def stdin_filename(content_type: str) -> str:
    """A name for stdin's bytes (vendors want one; Flare checks its extension)."""
    extension = mimetypes.guess_extension(content_type.split(";")[0].strip()) or ""
    return f"stdin{extension}"


def remove_tree(directory: str) -> None:
    shutil.rmtree(directory, ignore_errors=True)
