"""Attacks on the result cache, replayed: each test is an attack that worked on the cache
before 0.2.0 (the folder ``.panelcheck_cache`` in the checked repository, entries read
without a check, the compiled catalog unpickled, links followed, nothing pruned).

panelcheck runs in CI on pull requests and as a pre-commit hook in repositories written
by people it should not trust, so the runs here are real processes
(``python -m panelcheck``) with an environment built for each test: a fresh HOME, no
XDG_CACHE_HOME, no PANELCHECK_CACHE_DIR unless the test sets one. What a user relies on:
whatever a repository or another user put in a cache folder, the report and the exit
status are those of ``--no-cache``, no code from it runs, and no file outside the cache
folder is written.

Each test says in a comment why it failed on the old code; the last two are not
regressions but a guard and a weakness of the new cache found (and fixed) while writing
these.
"""

from __future__ import annotations

import ast
import contextlib
import datetime
import hashlib
import hmac
import json
import os
import pickle
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SAMPLES, STOP, panel

from panelcheck.run import cache as pc_cache

GOLD = SAMPLES / "failing" / "gold.json"  # 3 errors, 1 warning: exit 1
CLEAN = SAMPLES / "pump-station.json"  # no findings: exit 0
MAGIC = b"panelcheck cache 2\n"
SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"
DAY = 24 * 3600
_DROPPED = ("PANELCHECK_CACHE_DIR", "XDG_CACHE_HOME", "GITHUB_ACTIONS", "HOME")

Outcome = tuple[int, str, str]  # exit status, stdout, stderr


def _run(*args: str, cwd: Path, home: Path, timeout: float = 60, **env: str) -> Outcome:
    """``panelcheck validate`` as CI runs it: a process of its own, HOME as given."""
    environment = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    environment.update(HOME=str(home), **env)
    done = subprocess.run(
        [sys.executable, "-m", "panelcheck", "validate", "--jobs", "1", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        umask=0o022,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


_GIT = ["git", "-c", "user.name=Mallory", "-c", "user.email=m@example.com"]
_GIT += ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        [*_GIT, *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={"PATH": os.environ["PATH"], "HOME": str(cwd), "GIT_CONFIG_NOSYSTEM": "1"},
        umask=0o022,
    )


def _entries(folder: Path) -> list[Path]:
    """The cache entries below ``folder`` (named by a 64-digit key, in any layout)."""
    return sorted(
        p
        for p in folder.rglob("*")
        if len(p.name) == 64
        and (p.is_symlink() or p.is_file())
        and "catalog" not in p.relative_to(folder).parts  # the old compiled catalog
    )


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if not p.is_dir() or p.is_symlink()]


def _layouts(work: Path, *names: str, source: Path = GOLD) -> list[str]:
    (work / "panels").mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(source, work / "panels" / name)
    return [f"panels/{name}" for name in names]


def _no_findings(path: str) -> bytes:
    return json.dumps({"path": path, "invalid": False, "findings": []}).encode()


def _forged(name: str, data: bytes, key: bytes) -> bytes:
    """An entry in the new format, its MAC made with ``key`` over its name and data."""
    mac = hmac.new(key, name.encode() + b"\0" + data, hashlib.sha256).hexdigest().encode()
    return MAGIC + mac + b"\n" + data


def _looked_up(cwd: Path, path: str, raw: bytes, config: Path | None = None) -> str:
    """The entry name ``panelcheck validate <path>`` looks up when run in ``cwd`` without
    options: the ``environment(...)`` that ``run.checking.ValidateRun.__init__`` builds
    (the catalog folders of a configuration without any, the command line's empty
    selection)."""
    pc_cache.code_fingerprint.cache_clear()  # others may be editing the package
    with contextlib.chdir(cwd):
        environment = pc_cache.environment(
            config_path=config,
            catalogs=[],
            options={"select": (), "extend": (), "ignore": ()},
            today=datetime.date.today(),
        )
        return pc_cache.ResultCache(pc_cache.Cache(cwd / "unused"), environment).key(path, raw)


class _Payload:
    """Unpickled, it creates ``marker``: code from the repository running in CI."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (self.marker, "w"))


def _plant_pickles(cache: Path, marker: Path) -> None:
    """The pickle payload under the old compiled catalog's exact name (its key was
    sha256 of the code fingerprint and the catalog files, no extra folder here) and in
    the other plausible places."""
    pc_cache.code_fingerprint.cache_clear()
    name = hashlib.sha256(json.dumps([pc_cache.code_fingerprint(), []]).encode()).hexdigest()
    payload = pickle.dumps(_Payload(marker))
    for where in (f"catalog/{name[:2]}/{name}", f"results/{name[:2]}/{name}", f"v2/{name}"):
        (cache / where).parent.mkdir(parents=True, exist_ok=True)
        (cache / where).write_bytes(payload)
    (cache / "v2" / "catalog").write_bytes(payload)


def _attackers_genuine_entry(tmp_path: Path, path: str) -> bytes:
    """An entry the attacker's own panelcheck wrote (with the attacker's own key) for a
    clean panel kept under the victim's file name: "no findings", genuinely MACed."""
    work = tmp_path / "attacker"
    _layouts(work, Path(path).name, source=CLEAN)
    status, _, _ = _run(path, cwd=work, home=work / "home")
    assert status == 0
    [entry] = _entries(work)
    return entry.read_bytes()


# -- 1. the pull request ---------------------------------------------------------------

_VICTIMS = ("gold.json", "gold-2.json", "gold-3.json", "gold-4.json")
_SCENARIOS = {
    "default": ((), {}),
    "cache-dir in the repository": (("--cache-dir", ".panelcheck_cache"), {}),
    "PANELCHECK_CACHE_DIR in the repository": ((), {"PANELCHECK_CACHE_DIR": ".panelcheck_cache"}),
}


@pytest.mark.parametrize("scenario", list(_SCENARIOS))
def test_a_pull_request_cannot_run_code_or_forge_findings_through_the_cache(
    tmp_path: Path, scenario: str
) -> None:
    # Old code: .panelcheck_cache in the clone was its default folder, the plain-JSON
    # entries planted under the exact names were hits ("no findings", exit 0), gold-4's
    # miss unpickled the planted catalog (marker created) and wrote .gitignore through
    # the committed link onto panels/gold-4.json.
    args, env = _SCENARIOS[scenario]
    origin, clone, marker = tmp_path / "origin", tmp_path / "clone", tmp_path / "pwned"
    paths = _layouts(origin, *_VICTIMS)
    _git(origin, "init", "-q")
    _git(origin, "add", "panels")
    _git(origin, "commit", "-q", "-m", "panels")
    raw = GOLD.read_bytes()
    clone.mkdir()  # the key covers the absolute path: the attacker knows CI's checkout folder
    names = {path: _looked_up(clone, path, raw) for path in paths}
    copied = _attackers_genuine_entry(tmp_path, paths[2])

    cache = origin / ".panelcheck_cache"
    _plant_pickles(cache, marker)
    forged = {
        paths[0]: bytes(32),  # a key anyone could guess
        paths[1]: secrets.token_bytes(32),  # another user's key: the attacker's own
    }
    for path in paths[:3]:
        name, data = names[path], _no_findings(path)
        old = cache / "results" / name[:2] / name  # the old format: plain JSON, no MAC
        old.parent.mkdir(parents=True, exist_ok=True)
        old.write_bytes(data)
        entry = _forged(name, data, forged[path]) if path in forged else copied
        (cache / "v2" / name).write_bytes(entry)
    (cache / ".gitignore").symlink_to("../panels/gold-4.json")  # and no CACHEDIR.TAG
    _git(origin, "add", "-f", ".panelcheck_cache")
    _git(origin, "commit", "-q", "-m", "speed up CI")
    _git(tmp_path, "clone", "-q", str(origin), str(clone))
    assert (clone / ".panelcheck_cache" / "v2" / names[paths[0]]).exists()

    expected = _run("--no-cache", *paths, cwd=clone, home=tmp_path / "home-no-cache")
    assert expected[0] == 1
    assert expected[1].count(" error: ") == 3 * len(paths), expected[1]
    home = tmp_path / "home"
    for _ in range(2):  # the second run may answer from the cache the first one filled
        status, out, err = _run(*args, *paths, cwd=clone, home=home, **env)
        assert (status, out) == expected[:2]
        # The committed folder is no cache folder of ours: used by name, it is refused
        # with one warning line (and the run checked in full); by default, not read.
        warned = err.startswith("panelcheck: warning: the cache is not used: .panelcheck_cache")
        assert err == expected[2] or (warned and err.count("\n") == 1), err
        assert not marker.exists()
        assert [(clone / p).read_bytes() for p in paths] == [raw] * len(paths)

    # The entries were planted under the names panelcheck looks up (else this proves
    # nothing): a genuine run writes its entries under exactly those names.
    check = tmp_path / "home-check"
    assert _run(*paths, cwd=clone, home=check)[:2] == expected[:2]
    written = {p.name for p in _entries(check / ".cache" / "panelcheck")}
    assert set(names.values()) <= written


# -- 2. links ----------------------------------------------------------------------------


def test_a_link_in_the_cache_folder_does_not_write_a_layout(tmp_path: Path) -> None:
    # Old code: with CACHEDIR.TAG missing it wrote "*\n" to .gitignore, following the
    # link onto panels/z.json.
    work, home = tmp_path / "work", tmp_path / "home"
    x, y, z = _layouts(work, "x.json", "y.json", "z.json")
    cache = work / "cache"
    _run("--cache-dir", "cache", x, cwd=work, home=home)
    (cache / "CACHEDIR.TAG").unlink()
    (cache / ".gitignore").unlink()
    (cache / ".gitignore").symlink_to("../panels/z.json")
    expected = _run("--no-cache", x, y, z, cwd=work, home=home)
    assert _run("--cache-dir", "cache", x, y, z, cwd=work, home=home) == expected  # y, z: misses
    assert (work / z).read_bytes() == GOLD.read_bytes()
    assert not (cache / ".gitignore").is_symlink()
    assert (cache / ".gitignore").read_text() == "*\n"  # the link replaced, not followed
    (cache / "CACHEDIR.TAG").unlink()
    (cache / "CACHEDIR.TAG").symlink_to("../panels/y.json")
    for entry in _entries(cache):
        entry.unlink()
    assert _run("--cache-dir", "cache", x, y, z, cwd=work, home=home) == expected
    assert (work / y).read_bytes() == GOLD.read_bytes()
    assert not (cache / "CACHEDIR.TAG").is_symlink()


def test_entries_linked_to_a_device_or_a_pipe_are_misses(tmp_path: Path) -> None:
    # Old code: read_bytes() followed the links: /dev/zero was read until MemoryError,
    # the FIFOs blocked forever (the timeout below).
    work, home = tmp_path / "work", tmp_path / "home"
    files = _layouts(work, "x.json", "y.json", "z.json")
    cache = work / "cache"
    _run("--cache-dir", "cache", *files, cwd=work, home=home)
    expected = _run("--no-cache", *files, cwd=work, home=home)
    zero, linked, pipe = _entries(cache)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for entry, target in ((zero, Path("/dev/zero")), (linked, fifo)):
        entry.unlink()
        entry.symlink_to(target)
    pipe.unlink()
    os.mkfifo(pipe)  # no link at all: read only if a regular file, never waited on
    assert _run("--cache-dir", "cache", *files, cwd=work, home=home, timeout=30) == expected
    assert all(entry.is_file() and not entry.is_symlink() for entry in (zero, linked, pipe))
    assert fifo.exists()


def test_a_link_in_place_of_the_entries_folder_is_not_written_through(tmp_path: Path) -> None:
    # Old code: the entry folders (results/, catalog/) were made and written through the
    # link, so the target filled up.
    work, home, elsewhere = tmp_path / "work", tmp_path / "home", tmp_path / "elsewhere"
    x, y = _layouts(work, "x.json", "y.json")
    cache = work / "cache"
    _run("--cache-dir", "cache", x, cwd=work, home=home)
    for child in [c for c in cache.iterdir() if c.is_dir()]:  # v2 (results/, catalog/ before)
        shutil.rmtree(child)
        (elsewhere / child.name).mkdir(parents=True)
        child.symlink_to(elsewhere / child.name)
    expected = _run("--no-cache", x, y, cwd=work, home=home)
    status, out, err = _run("--cache-dir", "cache", x, y, cwd=work, home=home)
    assert (status, out) == expected[:2]
    assert _files(elsewhere) == []
    assert "is a symbolic link" in err


# -- 3. folders and keys others can change ---------------------------------------------


def _assert_refused(err: str, what: Path, why: str) -> None:
    [line] = err.splitlines()
    assert line.startswith("panelcheck: warning: the cache is not used: "), line
    assert str(what) in line and why in line, line


@pytest.mark.parametrize(
    ("refused", "mode"), [("cache", 0o777), ("cache", 0o775), ("cache/v2", 0o777)]
)
def test_a_cache_folder_others_can_write_is_not_used(
    tmp_path: Path, refused: str, mode: int
) -> None:
    # Old code: it used any folder (no check, no warning) and wrote its entries there,
    # where another user could have planted or rewritten them.
    work, home, cache = tmp_path / "work", tmp_path / "home", tmp_path / "cache"
    [x] = _layouts(work, "x.json")
    (tmp_path / refused).mkdir(parents=True)
    cache.chmod(0o700)
    (tmp_path / refused).chmod(mode)
    expected = _run("--no-cache", x, cwd=work, home=home)
    status, out, err = _run("--cache-dir", str(cache), x, cwd=work, home=home)
    assert (status, out) == expected[:2]
    assert _files(cache) == []
    _assert_refused(err, tmp_path / refused, "writable by others")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_cache_folder_of_another_user_is_not_used(tmp_path: Path) -> None:
    # Old code: it wrote into (and read from) a folder another user owned.
    work, home, cache = tmp_path / "work", tmp_path / "home", tmp_path / "cache"
    [x] = _layouts(work, "x.json")
    cache.mkdir(mode=0o700)
    os.chown(cache, 65534, 65534)
    expected = _run("--no-cache", x, cwd=work, home=home)
    status, out, err = _run("--cache-dir", str(cache), x, cwd=work, home=home)
    assert (status, out) == expected[:2]
    assert _files(cache) == []
    _assert_refused(err, cache, "belongs to another user")


def test_a_key_others_can_read_is_not_used(tmp_path: Path) -> None:
    # Old code: there was no key at all (no key file to make readable here): an entry
    # anyone wrote was read as it was.
    work, home = tmp_path / "work", tmp_path / "home"
    [x] = _layouts(work, "x.json")
    expected = _run("--no-cache", x, cwd=work, home=home)
    assert _run(x, cwd=work, home=home) == expected  # makes the key and x's entry
    key = home / ".cache" / "panelcheck" / "key"
    key.chmod(0o644)
    [entry] = _entries(home / ".cache" / "panelcheck")
    entry.write_bytes(_forged(entry.name, _no_findings(x), key.read_bytes()))  # anyone can
    status, out, err = _run(x, cwd=work, home=home)
    assert (status, out) == expected[:2]
    _assert_refused(err, key, "not private")


def test_a_key_folder_others_can_write_is_not_used(tmp_path: Path) -> None:
    # Old code: there was no key (no key folder to open up here): see above.
    work, home = tmp_path / "work", tmp_path / "home"
    [x] = _layouts(work, "x.json")
    cache = work / "cache"  # entries elsewhere: only the key's folder is at fault
    expected = _run("--no-cache", x, cwd=work, home=home)
    assert _run("--cache-dir", "cache", x, cwd=work, home=home) == expected
    folder = home / ".cache" / "panelcheck"
    folder.chmod(0o777)
    (folder / "key").unlink()  # whoever can write the folder can put their own key there
    (folder / "key").write_bytes(bytes(32))
    (folder / "key").chmod(0o600)
    [entry] = _entries(cache)
    entry.write_bytes(_forged(entry.name, _no_findings(x), bytes(32)))
    status, out, err = _run("--cache-dir", "cache", x, cwd=work, home=home)
    assert (status, out) == expected[:2]
    _assert_refused(err, folder, "writable by others")


# -- 4. pruning --------------------------------------------------------------------------


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


def test_old_entries_are_pruned_at_most_once_a_day(tmp_path: Path) -> None:
    # Old code: nothing was ever removed: `old` and `dead` stayed.
    work, home, cache = tmp_path / "work", tmp_path / "home", tmp_path / "work" / "cache"
    a, b, c, d, e = _layouts(work, "a.json", "b.json", "c.json", "d.json", "e.json")
    _run("--cache-dir", "cache", a, b, cwd=work, home=home)
    entries = cache / "v2"
    entries.mkdir(exist_ok=True)
    old, fresh = _entries(cache)
    _age(old, 3 * DAY)
    dead, live = entries / ".tmp-0123456789abcdef", entries / ".tmp-fedcba9876543210"
    dead.write_bytes(b"half an entry")
    _age(dead, 2 * 3600)  # its run died
    live.write_bytes(b"being written")  # another run is writing it now
    (entries / ".pruned").unlink(missing_ok=True)  # pruning is due
    _run("--cache-dir", "cache", c, cwd=work, home=home)  # a miss: an entry is written
    assert not old.exists() and not dead.exists()
    assert fresh.exists() and live.exists()
    assert len(_entries(cache)) == 2  # b's and c's

    marker = entries / ".pruned"
    _age(marker, DAY / 2)  # pruned half a day ago
    _age(fresh, 3 * DAY)
    _run("--cache-dir", "cache", d, cwd=work, home=home)
    assert fresh.exists()  # at most once a day
    _age(marker, DAY + 3600)
    _run("--cache-dir", "cache", e, cwd=work, home=home)
    assert not fresh.exists() and len(_entries(cache)) == 3  # c's, d's, e's


# -- 5. tag files ------------------------------------------------------------------------


def test_an_empty_cachedir_tag_and_a_missing_gitignore_are_written_again(tmp_path: Path) -> None:
    # Old code: .gitignore was written only with a missing CACHEDIR.TAG, so an empty tag
    # (a full disk) meant no .gitignore ever: git would offer to commit the cache.
    work, home, cache = tmp_path / "work", tmp_path / "home", tmp_path / "work" / "cache"
    x, y = _layouts(work, "x.json", "y.json")
    _run("--cache-dir", "cache", x, cwd=work, home=home)
    (cache / "CACHEDIR.TAG").write_bytes(b"")
    (cache / ".gitignore").unlink()
    _run("--cache-dir", "cache", y, cwd=work, home=home)  # a miss: the folder is written to
    assert (cache / "CACHEDIR.TAG").read_text().startswith(SIGNATURE + "\n")
    assert (cache / ".gitignore").read_text() == "*\n"


# -- 6. a shared parent folder -----------------------------------------------------------


def test_a_cache_beside_a_configuration_in_a_parent_folder_is_not_read(tmp_path: Path) -> None:
    # Old code: the cache was .panelcheck_cache beside the configuration found above the
    # working folder, so whoever could write the shared parent answered for everyone
    # below it: the forged entry was a hit (exit 0) and the pickled catalog ran.
    shared, home, marker = tmp_path / "shared", tmp_path / "home", tmp_path / "pwned"
    work = shared / "alice"
    x, y = _layouts(work, "x.json", "y.json")
    config = shared / ".panelcheck.toml"
    config.write_text("# the shared configuration\n")
    cache = shared / ".panelcheck_cache"
    _plant_pickles(cache, marker)
    name = _looked_up(work, x, GOLD.read_bytes(), config=config.resolve())
    for where, data in (
        (cache / "results" / name[:2] / name, _no_findings(x)),
        (cache / "v2" / name, _forged(name, _no_findings(x), bytes(32))),
    ):
        where.parent.mkdir(parents=True, exist_ok=True)
        where.write_bytes(data)
    expected = _run("--no-cache", x, y, cwd=work, home=tmp_path / "home-no-cache")
    assert expected[0] == 1
    for _ in range(2):
        assert _run(x, y, cwd=work, home=home) == expected
        assert not marker.exists()
    assert name in {p.name for p in _entries(home)}  # planted under the name looked up


# -- 7. data only, and still a cache ---------------------------------------------------


def test_no_pickle_and_a_warm_run_is_answered_from_the_cache(tmp_path: Path) -> None:
    # Old code: cache.py imported pickle (the compiled catalog was pickle.loads'ed).
    unsafe = {"pickle", "_pickle", "cPickle", "dill", "cloudpickle", "marshal", "shelve"}
    package = Path(pc_cache.__file__).parent.parent  # the package under test
    for source in (package / "run" / "cache.py", *sorted((package / "catalog").glob("*.py"))):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        named: set[str] = set()  # imported, or named in a string (import_module("pickle"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                named |= {alias.name.partition(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                named.add(node.module.partition(".")[0])
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                named.add(node.value)
        assert not unsafe & named, (source, unsafe & named)
    # The attacks above fail against a working cache, not a dead one: a second run is
    # answered from the entries of the first (none is written again).
    work, home, cache = tmp_path / "work", tmp_path / "home", tmp_path / "work" / "cache"
    files = _layouts(work, "x.json", "y.json")
    cold = _run("--cache-dir", "cache", *files, cwd=work, home=home)
    entries = _entries(cache)
    assert len(entries) == len(files)
    stamps = [(p.stat().st_ino, p.stat().st_mtime_ns) for p in entries]
    assert _run("--cache-dir", "cache", *files, cwd=work, home=home) == cold
    assert [(p.stat().st_ino, p.stat().st_mtime_ns) for p in entries] == stamps


# -- a guard, and a weakness of the new cache ------------------------------------------


def _write_stops(target: Path, width: str) -> None:
    target.write_text(
        '["249-116"]\nkind = "end_stop"\ndescription = "our stop"\n'
        f'["249-116".width]\nvalue = "{width}"\nsource = "our drawing 4711"\n'
    )


@pytest.mark.parametrize("linked", ["configuration", "catalog"])
def test_a_linked_configuration_or_catalog_file_never_gives_a_stale_answer(
    tmp_path: Path, linked: str
) -> None:
    # Not an old-code regression (the old key read these files through links): a guard.
    # The key hashes a link as "unreadable" whatever it points to, which is safe only
    # while config.py and catalog.py refuse links as well. With loaders that followed
    # them (this tree, before safe_read), editing the linked file kept the key and the
    # cached run answered with the old configuration's findings: exit 0 instead of 1.
    work, home = tmp_path / "work", tmp_path / "home"
    if linked == "configuration":
        [x] = _layouts(work, "x.json")
        target = work / "shared.toml"
        (work / ".panelcheck.toml").symlink_to("shared.toml")
        contents = ['ignore = ["GLD"]\n', "ignore = []\n"]
        args = [x]
    else:
        (work / "parts").mkdir(parents=True)
        (work / "x.json").write_text(json.dumps(panel(STOP, STOP, length="100 mm")))
        target = work / "stops.toml"
        (work / "parts" / "stops.toml").symlink_to("../stops.toml")
        contents = ["8 mm", "80 mm"]  # with 80 mm two stops no longer fit on 100 mm
        args = ["--catalog", "parts", "--select", "MEC001", "x.json"]
    for content in contents:
        if linked == "configuration":
            target.write_text(content)
        else:
            _write_stops(target, content)
        cached = _run(*args, cwd=work, home=home)
        assert cached == _run("--no-cache", *args, cwd=work, home=home)


def test_the_cache_works_again_after_the_user_cache_folder_is_deleted(tmp_path: Path) -> None:
    # Not an old-code regression (there was no key): a cache that once stopped for good.
    work, home, cache = tmp_path / "work", tmp_path / "home", tmp_path / "work" / "cache"
    [x] = _layouts(work, "x.json")
    _run("--cache-dir", "cache", x, cwd=work, home=home)
    shutil.rmtree(home / ".cache" / "panelcheck")  # the key with it
    for entry in _entries(cache):
        entry.unlink()
    _run("--cache-dir", "cache", x, cwd=work, home=home)
    _run("--cache-dir", "cache", x, cwd=work, home=home)
    assert len(_entries(cache)) == 1
