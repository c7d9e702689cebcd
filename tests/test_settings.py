"""corpus.settings: paths computed when asked, from the environment and the current directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import settings


def test_indexes_dir_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORPUS_INDEXES", str(tmp_path / "a"))
    assert settings.indexes_dir() == tmp_path / "a"
    monkeypatch.setenv("CORPUS_INDEXES", str(tmp_path / "b"))
    assert settings.indexes_dir() == tmp_path / "b"
    monkeypatch.delenv("CORPUS_INDEXES")
    monkeypatch.chdir(tmp_path)
    assert settings.indexes_dir() == tmp_path / "indexes"


def test_shared_dir_and_model_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORPUS_SHARED", str(tmp_path))
    assert settings.shared_dir() == tmp_path
    monkeypatch.setenv("CORPUS_SPACY_MODEL", "en_core_web_sm")
    assert settings.spacy_model() == "en_core_web_sm"
    with pytest.raises(AttributeError):
        settings.NO_SUCH_SETTING  # noqa: B018


def test_import_does_not_fix_the_current_directory(tmp_path: Path) -> None:
    # Imported in one directory, asked in another: the answer is the other one's, also under
    # the old constant's name (a fresh process: conftest's monkeypatch pins it in this one).
    (tmp_path / "late").mkdir()
    code = (
        "import os\nfrom corpus import settings\n"
        f"os.chdir({str(tmp_path / 'late')!r})\n"
        "assert settings.INDEXES_DIR == settings.indexes_dir()\nprint(settings.indexes_dir())"
    )
    env = {k: v for k, v in os.environ.items() if k != "CORPUS_INDEXES"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
        check=True,
    )
    assert out.stdout.strip() == str(tmp_path / "late" / "indexes")
