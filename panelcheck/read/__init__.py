"""Reading a layout file: bytes -> text -> JSON -> the typed layout, and every failure
as a LAY000 finding with its position. Also the careful reading of the configuration
and catalog files a repository holds (safe_files).

Nothing is imported here: a warm run reads files through this package without
loading pydantic.
"""
