"""``named_stat`` / ``still_names``: whether a path still names the file a sink opened."""

from __future__ import annotations

import os
from pathlib import Path

from webhook.audit.base import file_identity, named_stat, still_names


def test_a_path_whose_folder_became_a_file_no_longer_names_the_trail(tmp_path: Path) -> None:
    """A folder replaced by a regular file makes stat fail with ENOTDIR, not ENOENT: the sink's
    file is gone all the same (False), the check does not raise."""
    folder = tmp_path / "audit"
    folder.mkdir()
    trail = folder / "trail.jsonl"
    trail.write_bytes(b"")
    opened = file_identity(os.stat(trail))
    assert still_names(str(trail), opened)
    trail.unlink()
    folder.rmdir()
    folder.write_bytes(b"not a folder")
    assert named_stat(str(trail), opened) is None and not still_names(str(trail), opened)


def test_the_same_inode_number_on_another_device_is_another_file(tmp_path: Path) -> None:
    """Inode numbers are per file system: a volume mounted in place of another can hold a file with
    the inode number the sink opened; only (device, inode) names the same file."""
    trail = tmp_path / "trail.jsonl"
    trail.write_bytes(b"")
    st = os.stat(trail)
    assert named_stat(str(trail), (st.st_dev, st.st_ino)) is not None
    assert named_stat(str(trail), (st.st_dev + 1, st.st_ino)) is None
