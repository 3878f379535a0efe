"""Interactive API docs that work offline: Swagger UI (/schema/swagger) and ReDoc (/schema/redoc).

Their scripts and styles are vendored, pinned files (adapters/http/static/, see its README.md) served by
the app itself under /schema/assets/: a browser loading the docs talks to no other origin.
"""

from __future__ import annotations

from pathlib import Path

from litestar.openapi.plugins import OpenAPIRenderPlugin, RedocRenderPlugin, SwaggerRenderPlugin
from litestar.router import Router
from litestar.static_files import create_static_files_router

STATIC = Path(__file__).parent / "static"
ASSETS = "/schema/assets"
SWAGGER_UI_VERSION = "5.30.2"
REDOC_VERSION = "2.5.1"
FAVICON = f"<link rel='icon' type='image/png' href='{ASSETS}/swagger-ui/favicon-32x32.png'>"


def render_plugins() -> list[OpenAPIRenderPlugin]:
    return [
        SwaggerRenderPlugin(
            version=SWAGGER_UI_VERSION,
            js_url=f"{ASSETS}/swagger-ui/swagger-ui-bundle.js",
            css_url=f"{ASSETS}/swagger-ui/swagger-ui.css",
            standalone_preset_js_url=f"{ASSETS}/swagger-ui/swagger-ui-standalone-preset.js",
            favicon=FAVICON,
        ),
        RedocRenderPlugin(
            version=REDOC_VERSION,
            js_url=f"{ASSETS}/redoc/redoc.standalone.js",
            google_fonts=False,
            favicon=FAVICON,
        ),
    ]


def assets_router() -> Router:
    return create_static_files_router(
        path=ASSETS, directories=[STATIC], include_in_schema=False, name="docs-assets"
    )
