"""Installing panelcheck into a project: plain pip from the git repository and a tag.

The working tree is copied into a temporary git repository, committed and tagged
``v<version>`` there (so what is tested is exactly the code under test, committed or
not), then installed with ``pip install "panelcheck @ git+file://...@v<version>"`` into
a fresh virtual environment, the way the README's "Install in your project" says, and
run on a sample. pip takes the dependencies from the package index.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import COPY_IGNORE, ROOT, SAMPLES

from panelcheck import __version__

_ENV = {
    "GIT_AUTHOR_NAME": "release",
    "GIT_AUTHOR_EMAIL": "r@example.com",
    "GIT_COMMITTER_NAME": "release",
    "GIT_COMMITTER_EMAIL": "r@example.com",
}


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        list(args), cwd=cwd, capture_output=True, text=True, timeout=900, env={**os.environ, **_ENV}
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with panelcheck installed from a git URL and tag."""
    base = tmp_path_factory.mktemp("install")
    repo = base / "panelcheck"
    shutil.copytree(ROOT, repo, ignore=COPY_IGNORE)
    for step in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "release"]):
        assert _run("git", *step, cwd=repo).returncode == 0
    tag = f"v{__version__}"
    assert _run("git", "tag", tag, cwd=repo).returncode == 0
    env = base / "project-env"
    venv.create(env, with_pip=True)
    python = env / ("Scripts" if sys.platform == "win32" else "bin") / "python"
    # A current pip, as a designer's machine has (the one bundled with Python 3.11.7,
    # 23.2, takes the direct reference for a path).
    upgrade = _run(str(python), "-m", "pip", "install", "-q", "--upgrade", "pip")
    assert upgrade.returncode == 0, upgrade.stdout + upgrade.stderr
    pip = _run(str(python), "-m", "pip", "install", "-q", f"panelcheck @ git+file://{repo}@{tag}")
    assert pip.returncode == 0, pip.stdout + pip.stderr
    return env


def test_the_tagged_release_installs_with_plain_pip_and_runs(installed: Path) -> None:
    command = installed / "bin" / "panelcheck"
    version = _run(str(command), "--version")
    assert version.returncode == 0 and __version__ in version.stdout
    clean = _run(str(command), "validate", str(SAMPLES / "pump-station.json"))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    failing = _run(str(command), "validate", str(SAMPLES / "failing" / "gold.json"))
    assert failing.returncode == 1 and "GLD002 error" in failing.stdout
    catalog = _run(str(command), "catalog", "859-390")
    assert "859-390 data sheet, line" in catalog.stdout  # the catalog ships in the wheel
    drafted = _run(
        str(command),
        "catalog",
        "draft",
        str(ROOT / "datasheets" / "859-390.md"),
        "-o",
        str(installed / "drafts"),
    )
    assert drafted.returncode == 0, drafted.stdout + drafted.stderr
    assert (installed / "drafts" / "859-390.toml").is_file()


def test_python_dash_m_works_in_the_installed_environment(installed: Path) -> None:
    python = installed / "bin" / "python"
    proc = _run(str(python), "-m", "panelcheck", "rules", cwd=installed)  # not this checkout
    assert proc.returncode == 0 and "GLD001" in proc.stdout
