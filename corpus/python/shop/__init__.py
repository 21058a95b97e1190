"""The shop app: a Django project's storefront, with a FastAPI side service.

This package is the cross-module part of the corpus. `models.py` holds the
Django models that PFL103 reads; `services.py`, `repository.py` and
`clients.py` hold helpers that make round trips (Django ORM, SQLAlchemy,
requests, sync redis) and helpers that do no I/O at all; `views.py` and
`tasks.py` call them inside loops (PFL101, PFL102, PFL103) and `api.py`
calls them from `async def` handlers (PFL401, PFL402).

Both import styles are used on purpose: `from .services import get_points`
and `from shop import services` followed by `services.get_points(...)`.
"""

default_app_config = "shop.apps.ShopConfig"
