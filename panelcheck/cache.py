"""A cache for re-runs on unchanged files, so a pre-commit hook answers at once.

Two things are kept, in a folder that is safe to delete at any time (default
``.panelcheck_cache`` beside the configuration file, else in the working folder):

- the findings of each checked file, keyed by everything that can change them: the
  file's bytes and path, panelcheck's own code and rule data, the installed versions of
  Python and of the libraries that parse and check, the catalog files, the
  configuration file, the command-line selection, and today's date (waivers expire).
  A stale answer is impossible by construction: any change to any of these is a
  different key, so it is a miss, never a wrong hit;
- the compiled part catalog, keyed by panelcheck's code and the catalog files, which
  spares every run the TOML parsing and validation of the catalog.

Answering from the cache needs neither pint nor networkx nor pydantic: this module
imports only the standard library and panelcheck's light modules, and the command line
imports the checking engine only for the files the cache cannot answer.

Cache files are written whole (temporary file, then rename) and read defensively: an
unreadable or corrupt entry is a miss.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import importlib.util
import json
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import asdict
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from panelcheck import __version__
from panelcheck.findings import FileResult, Finding

CACHE_DIR_NAME = ".panelcheck_cache"
_FORMAT = "1"  # bump when the layout of cache entries changes


@cache
def code_fingerprint() -> str:
    """A hash of panelcheck's own code and rule data (version numbers are not enough:
    an edited checkout keeps its version)."""
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}\0".encode())
    package = Path(__file__).parent
    rules = Path(str(resources.files("panelcheck.rules")))
    files = [*package.rglob("*.py"), *package.rglob("*.txt"), *rules.rglob("*.toml")]
    for path in sorted(files):
        with contextlib.suppress(OSError):
            digest.update(f"{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


# The libraries whose behaviour reaches the findings (parsing, validation, units, graph).
_DEPENDENCIES = ("click", "jiter", "networkx", "pint", "pydantic", "pydantic_core")


@cache
def dependency_versions() -> list[str]:
    """Python's version and the installed distributions of :data:`_DEPENDENCIES`.

    Read off the names of their ``.dist-info`` folders (``pint-0.25.3.dist-info``):
    ``importlib.metadata`` would cost a warm run half its time, and importing the
    libraries to ask them is what a warm run must not do.
    """
    found = [sys.version]
    folders: set[Path] = set()
    wanted = {name.replace("_", "-").lower() for name in _DEPENDENCIES}
    for name in _DEPENDENCIES:
        spec = importlib.util.find_spec(name)
        locations = spec.submodule_search_locations if spec else None
        if locations:
            folders.update(Path(location).parent for location in locations)
        else:
            found.append(f"{name} without a package folder")
    for folder in sorted(folders):
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for entry in entries:
            if not entry.endswith(".dist-info"):
                continue
            distribution = entry.partition("-")[0].replace("_", "-").lower()
            if distribution in wanted:
                found.append(entry)
    return sorted(found)


def files_fingerprint(paths: Iterable[Path]) -> list[list[str]]:
    """(path, hash of content) of every TOML file in the given folders."""
    found = []
    for folder in paths:
        for path in sorted(Path(folder).glob("*.toml")):
            try:
                found.append([str(path), hashlib.sha256(path.read_bytes()).hexdigest()])
            except OSError:
                found.append([str(path), "unreadable"])
    return found


def default_folder(config_root: Path | None) -> Path:
    env = os.environ.get("PANELCHECK_CACHE_DIR")
    if env:
        return Path(env)
    return (config_root or Path.cwd()) / CACHE_DIR_NAME


class Cache:
    """A folder of cache entries; every operation fails quietly into a miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._ready = False

    def _prepare(self) -> bool:
        if self._ready:
            return True
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tag = self.folder / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text(
                    "Signature: 8a477f597d28d172789f06886806bc55\n"
                    "# panelcheck's cache; safe to delete.\n",
                    encoding="ascii",
                )
                (self.folder / ".gitignore").write_text("*\n", encoding="ascii")
        except OSError:
            return False
        self._ready = True
        return True

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key

    def read(self, kind: str, key: str) -> bytes | None:
        try:
            return self._path(kind, key).read_bytes()
        except OSError:
            return None

    def write(self, kind: str, key: str, data: bytes) -> None:
        if not self._prepare():
            return
        target = self._path(kind, key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temporary)

    # -- the compiled catalog ------------------------------------------------------------
    def catalog_key(self, folders: Iterable[Path]) -> str:
        text = json.dumps([code_fingerprint(), files_fingerprint(folders)])
        return hashlib.sha256(text.encode()).hexdigest()

    def load_catalog(self, key: str) -> Any:
        data = self.read("catalog", key)
        if data is None:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # a corrupt or foreign entry is a miss, never an error
            return None

    def store_catalog(self, key: str, catalog: Any) -> None:
        self.write("catalog", key, pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL))


class ResultCache:
    """Findings per file, under a key that covers everything that can change them."""

    def __init__(self, cache: Cache, environment: dict[str, Any]) -> None:
        self.cache = cache
        self.environment = hashlib.sha256(
            json.dumps(
                [code_fingerprint(), dependency_versions(), environment],
                sort_keys=True,
                default=str,
            ).encode()
        ).hexdigest()

    def key(self, path: str, raw: bytes) -> str:
        """The entry for ``path`` with these bytes (the path as given, which the report
        shows, and as an absolute path, which per-file ignores are matched against)."""
        where = f"{path}\0{os.path.abspath(path)}"
        digest = hashlib.sha256(f"{self.environment}\0{where}\0".encode())
        digest.update(raw)
        return digest.hexdigest()

    def load(self, key: str) -> FileResult | None:
        data = self.cache.read("results", key)
        if data is None:
            return None
        try:
            entry = json.loads(data)
            findings = [Finding(**f) for f in entry["findings"]]
            return FileResult(entry["path"], findings, entry["invalid"])
        except Exception:  # a corrupt or foreign entry is a miss, never an error
            return None

    def store(self, key: str, result: FileResult) -> None:
        entry = {
            "path": result.path,
            "invalid": result.invalid,
            "findings": [asdict(f) for f in result.findings],
        }
        self.cache.write("results", key, json.dumps(entry).encode())


def environment(
    *,
    config_path: Path | None,
    catalogs: Iterable[Path],
    options: dict[str, Any],
    today: datetime.date,
) -> dict[str, Any]:
    """What besides the file decides its findings, as plain data for the key."""
    config = None
    if config_path is not None:
        try:
            config = [str(config_path), hashlib.sha256(config_path.read_bytes()).hexdigest()]
        except OSError:
            config = [str(config_path), "unreadable"]
    return {
        "config": config,
        "catalogs": files_fingerprint(catalogs),
        "options": options,
        "today": today.isoformat(),
    }
