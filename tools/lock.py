"""Write requirements.lock: every downloaded file of DIR pinned with its sha256.

make lock  # freezes .venv, downloads the exact files, hashes them
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from packaging.utils import parse_sdist_filename, parse_wheel_filename


def main(folder: str) -> None:
    pins: dict[tuple[str, str], list[str]] = {}
    for p in sorted(Path(folder).iterdir()):
        name, ver = (
            parse_wheel_filename(p.name)[:2] if p.suffix == ".whl" else parse_sdist_filename(p.name)
        )
        pins.setdefault((str(name), str(ver)), []).append(
            hashlib.sha256(p.read_bytes()).hexdigest()
        )
    print(
        "# Every dependency pinned and hash-checked; made by `make lock`"
        " (Linux x86_64, CPython 3.11)."
    )
    for (name, ver), hashes in sorted(pins.items()):
        print(f"{name}=={ver} \\\n    " + " \\\n    ".join(f"--hash=sha256:{h}" for h in hashes))


if __name__ == "__main__":
    main(sys.argv[1])
