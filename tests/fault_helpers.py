"""What the fault tests share: running kg as a user does, reading its one-line error, writing a small corpus."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def kg(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True, **kwargs)


def one_line_error(result, exit_code: int, *parts: str) -> None:
    assert result.returncode == exit_code, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("kg: error: ") and "Traceback" not in result.stderr
    for part in parts:
        assert part in last, last


def daily(tmp_path: Path, name: str, *papers: tuple[str, str]) -> Path:
    path = tmp_path / name
    path.write_text("new\n\nSubscribe\n\n" + "\n\n".join(f"{t}\n\n{a}" for t, a in papers) + "\n", encoding="utf-8")
    return path


ABSTRACT = ("We propose ConX, a contrastive regularizer for retrieval, and evaluate it on MS MARCO with the "
            "triplet loss, where it outperforms BM25 by a wide margin in every setting we tried.")
