import os
import stat
from pathlib import Path

import pytest

from corpus.errors import InputError
from corpus.fsutil import atomic_open, atomic_write, safe_child


def test_atomic_write_replaces_whole_file_with_umask_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    target.write_bytes(b"old")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["out.xml"]


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_open(target) as fh:
        fh.write(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xml"]


@pytest.mark.parametrize("name", ["../x.xml", "a/b.xml", "..", ".hidden", "", "x\x00.xml"])
def test_safe_child_refuses_names_that_leave_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError):
        safe_child(tmp_path, name)


def test_safe_child_accepts_plain_names(tmp_path: Path) -> None:
    assert safe_child(tmp_path, "tass-2022.xml") == (tmp_path / "tass-2022.xml").resolve()


def test_write_output_failure_is_an_output_error_naming_the_file(tmp_path: Path) -> None:
    from corpus.errors import OutputError
    from corpus.fsutil import write_output

    blocker = tmp_path / "file"
    blocker.write_bytes(b"x")
    with pytest.raises(OutputError, match=r"file/out\.xml: cannot write: ") as info:
        write_output(blocker / "out.xml", b"data")
    assert isinstance(info.value.__cause__, OSError)
    write_output(tmp_path / "ok.xml", b"data")
    assert (tmp_path / "ok.xml").read_bytes() == b"data"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "ok.xml"]
