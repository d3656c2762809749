"""The pre-commit hook, run by the real pre-commit client from another repository.

The working tree is copied into a temporary git repository first, so the hook that is
tested is exactly the code under test, committed or not. pre-commit installs it into
its own virtual environment (pip, from the registry), once per test session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import COPY_IGNORE, ROOT, SAMPLES


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=_GIT_ENV
    ).stdout.strip()


_GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "designer",
    "GIT_AUTHOR_EMAIL": "d@example.com",
    "GIT_COMMITTER_NAME": "designer",
    "GIT_COMMITTER_EMAIL": "d@example.com",
}


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, dict]]:
    """(snapshot of this repository, its commit, environment with a private PRE_COMMIT_HOME)."""
    base = tmp_path_factory.mktemp("hook")
    repo = base / "panelcheck"
    shutil.copytree(ROOT, repo, ignore=COPY_IGNORE)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "snapshot")
    env = {
        **_GIT_ENV,
        "PRE_COMMIT_HOME": str(base / "cache"),
        "PRE_COMMIT_COLOR": "never",
        "XDG_CACHE_HOME": str(base / "user-cache"),  # panelcheck's cache, not the user's
    }
    yield repo, _git(repo, "rev-parse", "HEAD"), env


@pytest.fixture
def plant(tmp_path: Path) -> Path:
    """A designer's repository with one good and one bad layout and a package.json."""
    (tmp_path / "panels").mkdir()
    shutil.copy(SAMPLES / "pump-station.json", tmp_path / "panels" / "cp01.json")
    shutil.copy(SAMPLES / "failing" / "gold.json", tmp_path / "panels" / "cp04.json")
    (tmp_path / "package.json").write_text('{"name": "plant-docs"}\n')
    _git(tmp_path, "init", "-q")
    return tmp_path


def _pre_commit(cwd: Path, env: dict, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_try_repo_passes_a_good_layout(hook_repo, plant: Path) -> None:  # type: ignore[no-untyped-def]
    repo, _, env = hook_repo
    _git(plant, "add", "-A")
    proc = _pre_commit(
        plant,
        env,
        "try-repo",
        str(repo),
        "panelcheck",
        "--files",
        "panels/cp01.json",
        "package.json",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "panelcheck" in proc.stdout and "Passed" in proc.stdout


def test_try_repo_fails_a_bad_layout_with_its_findings(hook_repo, plant: Path) -> None:  # type: ignore[no-untyped-def]
    repo, _, env = hook_repo
    _git(plant, "add", "-A")
    proc = _pre_commit(
        plant, env, "try-repo", str(repo), "panelcheck", "--files", "panels/cp04.json"
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Failed" in proc.stdout
    assert "panels/cp04.json:31:9: GLD002 error: K2 (859-386)" in proc.stdout


def test_a_commit_of_a_bad_layout_is_refused_and_a_good_one_accepted(
    hook_repo, plant: Path
) -> None:  # type: ignore[no-untyped-def]
    repo, rev, env = hook_repo
    (plant / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: panelcheck\n"
    )
    install = _pre_commit(plant, env, "install")
    assert install.returncode == 0, install.stderr
    _git(plant, "add", ".pre-commit-config.yaml", "package.json", "panels/cp01.json")
    good = subprocess.run(
        ["git", "commit", "-m", "CP-01"],
        cwd=plant,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert good.returncode == 0, good.stdout + good.stderr
    _git(plant, "add", "panels/cp04.json")
    bad = subprocess.run(
        ["git", "commit", "-m", "CP-04"],
        cwd=plant,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert bad.returncode != 0
    assert "GLD001 error" in bad.stdout + bad.stderr
    assert _git(plant, "log", "--format=%s") == "CP-01"


def test_a_file_named_like_an_option_is_checked_not_obeyed(hook_repo, plant: Path) -> None:  # type: ignore[no-untyped-def]
    """The hook ends options with ``--``: a committed ``--cache-dir=x.panel.json`` is a
    layout to check, not an option that would skip it (it was, before 0.2.0)."""
    repo, _, env = hook_repo
    name = "--cache-dir=x.panel.json"
    shutil.copy(SAMPLES / "failing" / "gold.json", plant / name)
    _git(plant, "add", "-A")
    proc = _pre_commit(plant, env, "try-repo", str(repo), "panelcheck", "--all-files")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{name}:31:9: GLD002 error" in proc.stdout


def test_all_files_checks_every_layout_and_skips_other_json_and_excluded_folders(
    hook_repo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """rail.json at the root (the product's own example name) with errors, a layout in a
    subfolder, a package.json, and an excluded folder of old layouts: before 0.2.0 the
    hook's `files:` pattern skipped rail.json and `pre-commit run --all-files` passed."""
    repo, _, env = hook_repo
    shutil.copy(SAMPLES / "failing" / "gold.json", tmp_path / "rail.json")
    (tmp_path / "cabinets" / "cp01").mkdir(parents=True)
    shutil.copy(SAMPLES / "pump-station.json", tmp_path / "cabinets" / "cp01" / "main.json")
    (tmp_path / "package.json").write_text('{"name": "plant-docs", "version": "1.0.0"}\n')
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {}}\n')
    (tmp_path / "archive").mkdir()
    shutil.copy(SAMPLES / "failing" / "wiring.json", tmp_path / "archive" / "old.json")
    (tmp_path / ".panelcheck.toml").write_text('exclude = ["archive"]\n')
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    proc = _pre_commit(tmp_path, env, "try-repo", str(repo), "panelcheck", "--all-files")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "rail.json:31:9: GLD002 error" in out
    assert "cabinets/cp01/main.json" not in out  # clean
    assert "package.json" not in out and "tsconfig.json" not in out
    assert "archive/old.json" not in out and "WIR0" not in out


def test_a_json_file_that_looks_like_a_layout_without_a_format_is_reported(
    hook_repo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    repo, _, env = hook_repo
    layout = (SAMPLES / "pump-station.json").read_text(encoding="utf-8")
    (tmp_path / "rail.json").write_text(layout.replace('"format": "panelcheck/1",', ""))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    proc = _pre_commit(tmp_path, env, "try-repo", str(repo), "panelcheck", "--all-files")
    assert proc.returncode != 0
    assert "looks like a layout but declares no panelcheck format" in proc.stdout
