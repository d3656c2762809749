"""A validate run: everything between the command line and the engine. "Run" means
this throughout panelcheck: one ``panelcheck validate`` over its files.

The configuration (config), the files found (discovery), each file's result from the
cache or the engine in the files' order (checking, cache), worker processes (workers),
the progress bar (progress), writing the report (output), and the process it all runs
in: signals, exit, the garbage collector (process).

Nothing is imported here: a warm run answers from the cache without the engine.
"""
