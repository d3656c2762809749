"""The checking of a validate run: each file's result from the cache, or from the engine.

The cache is asked first, and the engine, with everything it imports (pint, networkx,
pydantic), is loaded only when a file misses: a warm run of a pre-commit hook answers
without it. The results come back in the order of the files given, whatever answered
them and in whichever process, so the report is the same bytes every time.

The command line decides what a failure means to the user; here a run that cannot go
on raises :class:`RunFailed` with the words to say.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from panelcheck.engine.options import Options
from panelcheck.findings import FileResult
from panelcheck.read.document import DocumentError, read_bytes
from panelcheck.run.cache import Cache, ResultCache, default_folder, environment
from panelcheck.run.config import Config
from panelcheck.run.process import keep_until_exit
from panelcheck.run.progress import Progress

if TYPE_CHECKING:
    from panelcheck.catalog import Catalog
    from panelcheck.engine.core import Engine

_Todo = list[tuple[str, bytes, str | None]]
"""The files the cache did not answer: path, bytes, and the cache key to store under."""


def _keyed(
    select: tuple[str, ...], extend: tuple[str, ...], ignore: tuple[str, ...], unsafe: bool
) -> dict[str, object]:
    """The command line's choices that change a file's findings, for the cache key.
    Unsafe fixes change how the fixes are checked again (with the safe ones), so which
    are offered; named only when chosen, so a plain run keeps the key it had."""
    options: dict[str, object] = {"select": select, "extend": extend, "ignore": ignore}
    if unsafe:
        options["unsafe-fixes"] = True
    return options


class RunFailed(Exception):
    """The run cannot give its results: the catalog is broken, or a worker process died.
    The message is one line for the user."""


class ValidateRun:
    """One validate run: the cache first, the engine (and its imports) only for misses."""

    def __init__(
        self,
        config: Config | None,
        catalogs: tuple[str, ...],
        select: tuple[str, ...],
        extend: tuple[str, ...],
        ignore: tuple[str, ...],
        no_cache: bool,
        cache_dir: str | None,
        unsafe_fixes: bool = False,
    ) -> None:
        self.options = Options(
            select=select or None,
            ignore=ignore,
            extend_select=extend,
            catalogs=tuple(Path(f) for f in catalogs),
            config=config,
            today=datetime.date.today(),
            unsafe_fixes=unsafe_fixes,
        )
        self._engine: Engine | None = None
        self.cache = None if no_cache else Cache(Path(cache_dir) if cache_dir else default_folder())
        self.results: ResultCache | None = None
        if self.cache is not None:
            self.results = ResultCache(
                self.cache,
                environment(
                    config_path=config.path if config else None,
                    catalogs=self.options.catalog_folders(),
                    options=_keyed(select, extend, ignore, unsafe_fixes),
                    today=self.options.today,
                ),
            )

    @property
    def cache_problem(self) -> str | None:
        """Why the cache could not be used, if it could not (for a warning)."""
        return self.cache.problem if self.cache is not None else None

    def check(
        self,
        files: list[str],
        jobs: int,
        output_format: str,
        given: dict[str, bytes] | None = None,
    ) -> list[FileResult]:
        """Each file's result, in the order of ``files``; raises :class:`RunFailed`.

        ``given`` holds the bytes of files not to be read from disk (a layout on stdin,
        under the name ``--stdin-filename`` gives it); they are not cached."""
        max_bytes = self.options.max_bytes()
        found: dict[str, FileResult] = {}
        todo: _Todo = []
        for path in files:
            if given is not None and path in given:
                todo.append((path, given[path], None))
                continue
            try:
                raw = read_bytes(path, max_bytes)
            except DocumentError as exc:
                found[path] = FileResult(path, exc.findings, invalid=True)
                continue
            key = self.results.key(path, raw) if self.results else None
            hit = self.results.load(key) if self.results and key else None
            if hit is not None:
                found[path] = hit
            else:
                todo.append((path, raw, key))
        if todo:
            from panelcheck.run.workers import WorkerDied

            size = sum(len(raw) for _, raw, _ in todo)
            progress = Progress.for_run(size, "checking layouts", output_format)
            try:
                for (path, _, key), result in zip(
                    todo, self._engine_results(todo, jobs, progress), strict=True
                ):
                    found[path] = result
                    if self.results and key:
                        self.results.store(key, result)
            except WorkerDied as exc:
                progress.close()
                raise RunFailed(str(exc)) from None
            finally:
                progress.close()
        return [found[path] for path in files]

    def _engine_results(self, todo: _Todo, jobs: int, progress: Progress) -> Iterator[FileResult]:
        from panelcheck.run.workers import check_all

        self.options.jobs = jobs
        engine = self.engine()
        return check_all(engine, [(path, raw) for path, raw, _ in todo], jobs, progress)

    def engine(self) -> Engine:
        """The run's engine, made on first use (a warm run never needs it); ``--fix``
        checks the files it fixes with it, never from the cache."""
        if self._engine is None:
            from panelcheck.engine.core import Engine

            self._engine = Engine(self.options, catalog=self._catalog())
            self._engine.retain_last = True
            keep_until_exit(self._engine)  # what it retains outlives the command's frames
        return self._engine

    def _catalog(self) -> Catalog:
        from panelcheck.catalog import CatalogError, load_catalog

        try:
            return load_catalog(self.options.catalog_folders())
        except CatalogError as exc:
            raise RunFailed(f"broken catalog: {exc}") from None
