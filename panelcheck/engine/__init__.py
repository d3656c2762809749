"""Checking one document: the stages from a parsed layout to ordered findings (core),
which rules run (ruleset, options), waivers, capping, and a large panel shared over
processes (sharing).

Nothing is imported here, so that the light modules (options, ruleset) can be used
without loading the checks.
"""
