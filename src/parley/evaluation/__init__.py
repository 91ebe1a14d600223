"""Measuring Parley against hand annotations: one module per task.

- :mod:`.attribution`: statements and speakers (the project's gold, PolNeAR);
- :mod:`.signals`: negotiation signals and PLOVER roots;
- :mod:`.actors`: speaker resolution against the registry;
- :mod:`.contradictions`: contradiction pairs;
- :mod:`.annotations`: the annotated corpus kept as offsets into ``../shared/corpora``.
"""
