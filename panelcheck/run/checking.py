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

_Todo = list[tuple[str, bytes, str | None]]
"""The files the cache did not answer: path, bytes, and the cache key to store under."""


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
    ) -> None:
        self.options = Options(
            select=select or None,
            ignore=ignore,
            extend_select=extend,
            catalogs=tuple(Path(f) for f in catalogs),
            config=config,
            today=datetime.date.today(),
        )
        self.cache = None if no_cache else Cache(Path(cache_dir) if cache_dir else default_folder())
        self.results: ResultCache | None = None
        if self.cache is not None:
            self.results = ResultCache(
                self.cache,
                environment(
                    config_path=config.path if config else None,
                    catalogs=self.options.catalog_folders(),
                    options={"select": select, "extend": extend, "ignore": ignore},
                    today=self.options.today,
                ),
            )

    @property
    def cache_problem(self) -> str | None:
        """Why the cache could not be used, if it could not (for a warning)."""
        return self.cache.problem if self.cache is not None else None

    def check(self, files: list[str], jobs: int, output_format: str) -> list[FileResult]:
        """Each file's result, in the order of ``files``; raises :class:`RunFailed`."""
        max_bytes = self.options.max_bytes()
        found: dict[str, FileResult] = {}
        todo: _Todo = []
        for path in files:
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
        from panelcheck.engine.core import Engine
        from panelcheck.run.workers import check_all

        self.options.jobs = jobs
        engine = Engine(self.options, catalog=self._catalog())
        engine.retain_last = True
        keep_until_exit(engine)  # what it retains outlives the command's frames
        return check_all(engine, [(path, raw) for path, raw, _ in todo], jobs, progress)

    def _catalog(self) -> Catalog:
        from panelcheck.catalog import CatalogError, load_catalog

        try:
            return load_catalog(self.options.catalog_folders())
        except CatalogError as exc:
            raise RunFailed(f"broken catalog: {exc}") from None
