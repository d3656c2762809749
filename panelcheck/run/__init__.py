"""A validate run behind the command line: configuration, files found, the result
cache, worker processes, and writing the report.

Nothing is imported here: a warm run answers from the cache without the engine.
"""
