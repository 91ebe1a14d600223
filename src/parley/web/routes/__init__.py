"""The app's routers, one per page family; each page has its JSON twin under ``/api/``.

Each module's ``router(web)`` builds its :class:`fastapi.APIRouter` over the app's shared
:class:`~parley.web.context.Web` (the parameter patterns come from the codebook and the settings,
so a router is built per app)."""

from __future__ import annotations

from . import actors, contradictions, documents, overview, saydo, statements, tactics, writes

#: in the order their routes are added (the OpenAPI description lists them so)
ROUTERS = (overview, statements, documents, actors, contradictions, tactics, saydo, writes)

__all__ = ["ROUTERS"]
