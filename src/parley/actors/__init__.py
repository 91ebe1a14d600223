"""The actor registry: people and institutions, their names in en/ru/uk, roles and sides.

    from parley.actors import load_registry
    reg = load_registry()
    reg.resolve("Пескова", language="ru")                        # Dmitry Peskov
    reg.resolve("the Ukrainian foreign minister", on=date(2022, 3, 1))  # Dmytro Kuleba

See :mod:`parley.actors.registry` for the resolution order and ``data/actors.yaml`` for the data.
"""

from ..records import Actor, Role
from .registry import Registry, RoleInfo, load_registry, packaged_path, resolve_ref

__all__ = ["Actor", "Registry", "Role", "RoleInfo", "load_registry", "packaged_path", "resolve_ref"]
