"""A cache of findings for re-runs on unchanged files, so a pre-commit hook answers at once.

panelcheck runs inside repositories it must not trust, so the cache is built so that
nothing a repository holds can run code through it or change a result:

- **Where.** Entries live in the user's cache folder (``platformdirs``:
  ``~/.cache/panelcheck`` on Linux, ``~/Library/Caches/panelcheck`` on macOS,
  ``%LOCALAPPDATA%\\panelcheck\\Cache`` on Windows), not in the checked repository.
  ``PANELCHECK_CACHE_DIR`` and ``--cache-dir`` choose another folder.
- **Authenticated.** Every entry carries an HMAC-SHA256 made with a random key of 32
  bytes that is created once per user and kept in the user's cache folder, never in a
  folder chosen with ``--cache-dir``. The MAC covers the entry's name (its lookup key)
  and its contents, so a committed or copied entry, or one moved under another name,
  is a miss: a repository cannot forge a result even when the cache folder is inside
  it, because it cannot know the key.
- **Data only.** Entries are JSON read into plain records; nothing is unpickled or
  evaluated. The compiled catalog is not cached (it was pickled before 0.2.0).
- **No links, no devices, bounded.** Files are opened without following symbolic
  links, read only when they are regular files of at most :data:`ENTRY_LIMIT` bytes,
  and written as a new private file renamed into place (so a link planted where an
  entry goes is replaced, not followed). The cache folder and its subfolders must be
  real folders owned by the user and not writable by group or others; otherwise the
  cache is not used and the run says why once on stderr.
- **Pruned.** The key covers today's date, so yesterday's entries can never be hit
  again: at most once a day, entries older than :data:`PRUNE_AFTER` seconds and
  abandoned temporary files are removed.

The key of an entry covers everything that can change a file's findings: the file's
bytes and path, panelcheck's own code and rule data, the installed versions of Python
and of the libraries that parse and check, the catalog files, the configuration file,
the command-line selection, and today's date (waivers expire). A stale answer is
impossible by construction: any change is a different key, so a miss, never a wrong hit.

Answering from the cache needs neither pint nor networkx nor pydantic: this module
imports only the standard library, platformdirs and panelcheck's light modules.
Every failure is a miss: the cache costs speed when it cannot be used, never a run.

It is one module, longer than most, on purpose: each promise above is kept by code in
this file, so the whole trust model can be reviewed in one reading.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import hmac
import importlib.util
import json
import os
import secrets
import stat
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from panelcheck import __version__
from panelcheck.findings import FileResult, Finding
from panelcheck.read.safe_files import RefusedFile, read_bytes

_FORMAT = "2"  # bump when the layout of cache entries changes
ENTRY_LIMIT = 64 * 1024 * 1024
"""Largest entry read or written (a file with 100,000 findings takes about 30 MB)."""
PRUNE_AFTER = 2 * 24 * 3600
"""Entries older than this are removed: two days, so that no time zone or clock change
around midnight removes an entry that today's key can still reach."""
PRUNE_EVERY = 24 * 3600
_TEMPORARY_AGE = 3600  # a temporary file this old belongs to a run that died
_MAGIC = f"panelcheck cache {_FORMAT}\n".encode()
_KEY_NAME = "key"
_KEY_BYTES = 32
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# panelcheck's cache; safe to delete.\n"
_OWN_NAMES = frozenset({"CACHEDIR.TAG", ".gitignore", _KEY_NAME, f"v{_FORMAT}"})
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def user_folder() -> Path:
    """The user's own cache folder for panelcheck, where the key always lives."""
    from platformdirs import user_cache_path

    return user_cache_path("panelcheck", appauthor=False)


def default_folder() -> Path:
    """Where entries go unless ``--cache-dir`` says otherwise."""
    env = os.environ.get("PANELCHECK_CACHE_DIR")
    return Path(env) if env else user_folder()


@cache
def code_fingerprint() -> str:
    """A hash of panelcheck's own code and rule data (version numbers are not enough:
    an edited checkout keeps its version)."""
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}\0".encode())
    package = Path(__file__).parent.parent  # the whole panelcheck package
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


def _digest_file(path: Path) -> str:
    """A hash of a small regular file's bytes, or a word saying why there is none."""
    data = read_regular(path, ENTRY_LIMIT)
    return "unreadable" if data is None else hashlib.sha256(data).hexdigest()


def files_fingerprint(paths: Iterable[Path]) -> list[list[str]]:
    """(path, hash of content) of every TOML file in the given folders."""
    return [
        [os.fsencode(path).decode("utf-8", "backslashreplace"), _digest_file(path)]
        for folder in paths
        for path in sorted(Path(folder).glob("*.toml"))
    ]


class Refused(Exception):
    """A folder or file the cache will not use; the message says why, for the user."""


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file, not a link, of at most ``limit``
    bytes; else None. Never blocks on a pipe or a device."""
    try:
        return read_bytes(path, limit)
    except RefusedFile:
        return None


def _own_folder(path: Path, create: bool) -> None:
    """Make sure ``path`` is a real folder of this user's that nobody else can write.

    Raises :class:`Refused` (or OSError when it cannot be made or looked at).
    """
    if create:
        with contextlib.suppress(FileExistsError):
            os.makedirs(path, mode=0o700)
    status = os.lstat(path)
    if stat.S_ISLNK(status.st_mode):
        raise Refused(f"{_shown(path)} is a symbolic link")
    if not stat.S_ISDIR(status.st_mode):
        raise Refused(f"{_shown(path)} is not a folder")
    if hasattr(os, "getuid"):
        if status.st_uid != os.getuid():
            raise Refused(f"{_shown(path)} belongs to another user")
        if status.st_mode & 0o022:
            raise Refused(f"{_shown(path)} is writable by others (chmod go-w to use it)")


def _shown(path: Path) -> str:
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _write_new(folder: Path, name: str, data: bytes) -> None:
    """Write ``folder/name`` as a new private file renamed into place (whole or not at
    all; a link or file already there is replaced, never followed)."""
    temporary = folder / f".tmp-{secrets.token_hex(8)}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
    descriptor = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class Cache:
    """A folder of authenticated entries; every operation fails quietly into a miss.

    ``problem`` says, once, why the folder is not used (for the command line to show).
    """

    def __init__(self, folder: Path, key_folder: Path | None = None) -> None:
        self.folder = folder
        self.key_folder = key_folder or user_folder()
        self.problem: str | None = None
        self._key: bytes | None = None
        self._state: str = "new"  # new, reading, ready (written to), off
        self._pruned = False

    @property
    def entries(self) -> Path:
        return self.folder / f"v{_FORMAT}"

    def _secret(self, create: bool) -> bytes | None:
        """The user's key, made when missing and ``create`` (a read never makes one)."""
        if self._key is not None:
            return self._key
        try:
            _own_folder(self.key_folder, create=create)
            path = self.key_folder / _KEY_NAME
            key = read_regular(path, _KEY_BYTES)
            if key is not None and len(key) == _KEY_BYTES:
                status = os.lstat(path)
                if hasattr(os, "getuid") and (
                    status.st_uid != os.getuid() or status.st_mode & 0o077
                ):
                    raise Refused(f"{_shown(path)} is not private to this user")
                self._key = key
            elif create:
                key = secrets.token_bytes(_KEY_BYTES)
                _write_new(self.key_folder, _KEY_NAME, key)
                self._key = key
        except Refused as exc:
            self._off(str(exc))
        except OSError:
            if create:  # there is no key and none can be made: no cache this run
                self._state = "off"
        return self._key

    def _off(self, reason: str) -> None:
        self._state = "off"
        self.problem = f"the cache is not used: {reason}"

    def _usable(self, create: bool) -> bool:
        """Check the folders once per run; made (with their tag files) on first write."""
        if self._state == "off":
            return False
        if self._state == "ready" or (self._state == "reading" and not create):
            return True
        try:
            _own_folder(self.folder, create=create)
            if create:
                self._claim()
                self._tag()
            _own_folder(self.entries, create=create)
        except Refused as exc:
            self._off(str(exc))
            return False
        except OSError:
            if create:
                self._state = "off"
            return False
        self._state = "ready" if create else "reading"
        return True

    def _claim(self) -> None:
        """Refuse to write into a folder that is not a cache folder: ``--cache-dir .``
        must not fill a repository with entries or replace its ``.gitignore``. A folder
        is ours when it holds a ``CACHEDIR.TAG`` or nothing but the cache's own names."""
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(self.folder / "CACHEDIR.TAG").st_mode):
                return
        strangers = [
            name
            for name in os.listdir(self.folder)
            if name not in _OWN_NAMES and not name.startswith(".tmp-")
        ]
        if strangers:
            raise Refused(
                f"{_shown(self.folder)} is not a cache folder (it holds other files and no "
                "CACHEDIR.TAG); name a new or empty folder"
            )

    def _tag(self) -> None:
        """``CACHEDIR.TAG`` (backup tools skip the folder), rewritten whenever it is
        missing or not what it should be (a full disk may have left it empty), and a
        ``.gitignore`` of ``*`` (git ignores the folder where it sits in a work tree),
        written when missing, empty or a link, and otherwise left as the user made it."""
        tag = _TAG.encode("ascii")
        if read_regular(self.folder / "CACHEDIR.TAG", len(tag)) != tag:
            _write_new(self.folder, "CACHEDIR.TAG", tag)
        ignore = read_regular(self.folder / ".gitignore", ENTRY_LIMIT)
        if not ignore:
            _write_new(self.folder, ".gitignore", b"*\n")

    def _mac(self, key: bytes, name: str, data: bytes) -> bytes:
        return hmac.new(key, name.encode() + b"\0" + data, hashlib.sha256).hexdigest().encode()

    def read(self, name: str) -> bytes | None:
        """The entry's data if it is there and was written with this user's key."""
        if not self._usable(create=False):
            return None
        key = self._secret(create=False)
        if key is None:
            return None
        stored = read_regular(self.entries / name, ENTRY_LIMIT)
        if stored is None or not stored.startswith(_MAGIC):
            return None
        mac, _, data = stored[len(_MAGIC) :].partition(b"\n")
        if not hmac.compare_digest(mac, self._mac(key, name, data)):
            return None
        return data

    def write(self, name: str, data: bytes) -> None:
        if len(data) > ENTRY_LIMIT or not self._usable(create=True):
            return
        key = self._secret(create=True)
        if key is None:
            return
        with contextlib.suppress(OSError):
            _write_new(self.entries, name, _MAGIC + self._mac(key, name, data) + b"\n" + data)
        self._prune()

    def _prune(self) -> None:
        """Remove old entries and dead temporary files, at most once a day."""
        if self._pruned:
            return
        self._pruned = True
        marker = self.entries / ".pruned"
        with contextlib.suppress(OSError):
            if time.time() - os.lstat(marker).st_mtime < PRUNE_EVERY:
                return
        with contextlib.suppress(OSError):
            _write_new(self.entries, ".pruned", b"")
            _remove_old(self.entries, time.time())


def _remove_old(folder: Path, now: float) -> None:
    """Delete what is old in ``folder``, through a descriptor of the folder opened
    without following links where the system allows it, so that a folder swapped for a
    link during the run cannot turn this into a deletion somewhere else."""
    by_descriptor = os.scandir in os.supports_fd and os.unlink in os.supports_dir_fd
    descriptor = None
    if by_descriptor:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW)
    try:
        if descriptor is not None and hasattr(os, "getuid"):
            status = os.fstat(descriptor)
            if status.st_uid != os.getuid() or status.st_mode & 0o022:
                return
        with os.scandir(descriptor if descriptor is not None else folder) as listing:
            for entry in listing:
                with contextlib.suppress(OSError):
                    age = now - entry.stat(follow_symlinks=False).st_mtime
                    old = _TEMPORARY_AGE if entry.name.startswith(".tmp-") else PRUNE_AFTER
                    if entry.name == ".pruned" or age <= old:
                        continue
                    if descriptor is not None:
                        os.unlink(entry.name, dir_fd=descriptor)
                    else:
                        os.unlink(folder / entry.name)
    finally:
        if descriptor is not None:
            os.close(descriptor)


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
        shows, as an absolute path, and resolved through links, as per-file ignores
        match it).
        Paths are taken as the bytes the system uses, so any file name has a key."""
        where = b"\0".join(  # per-file ignores are matched against the resolved path
            os.fsencode(p) for p in (path, os.path.abspath(path), os.path.realpath(path))
        )
        digest = hashlib.sha256(f"{self.environment}\0".encode() + where + b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def load(self, key: str) -> FileResult | None:
        data = self.cache.read(key)
        if data is None:
            return None
        try:
            entry = json.loads(data)
            findings = [Finding(**f) for f in entry["findings"]]
            return FileResult(entry["path"], findings, entry["invalid"])
        except Exception:  # an entry of another version of the format is a miss
            return None

    def store(self, key: str, result: FileResult) -> None:
        entry = {
            "path": result.path,
            "invalid": result.invalid,
            "findings": [asdict(f) for f in result.findings],
        }
        self.cache.write(key, json.dumps(entry).encode())


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
        config = [_shown(config_path), _digest_file(config_path)]
    return {
        "config": config,
        "catalogs": files_fingerprint(catalogs),
        "options": options,
        "today": today.isoformat(),
    }
