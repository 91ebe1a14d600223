"""Reading statements together: contradictions, actor profiles, trends, and words against deeds.

Every function here takes plain iterables of :class:`~parley.records.Statement` (and
:class:`~parley.records.Event`) so the CLI, the web dashboard and tests share them; each result
points back to the statements it was computed from.
"""
