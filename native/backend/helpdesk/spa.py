"""The built single-page app, served by the API itself when `FRONTEND_DIST` names it.

`./run native` and the browser tests use this: one process, one port, SPA and API. In
Docker nginx serves the same build with the same headers (`native/frontend/nginx/`).
Files of the build are sent with `send_from_directory` (safe_join: nothing outside the
folder is reachable); every other GET outside `/api` is a client-side route and gets
`index.html`. `/api/...` never falls back, so an unknown API path stays a JSON 404.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, g, request, send_from_directory
from werkzeug.exceptions import NotFound
from werkzeug.routing import PathConverter

from helpdesk.config import ConfigError

CSP_SPA = ("default-src 'self'; script-src 'self'; style-src 'self'; "
           "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; "
           "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
IMMUTABLE = "public, max-age=31536000, immutable"  # Vite puts content-hashed names in assets/


class SpaPathConverter(PathConverter):
    """A path that is not under `api/`: those belong to the API and stay JSON."""

    regex = r"(?!api(?:/|$))[^/].*?"


def init_app(app: Flask) -> None:
    if not app.config["FRONTEND_DIST"]:
        return
    root = Path(app.config["FRONTEND_DIST"]).resolve()
    if not (root / "index.html").is_file():
        raise ConfigError(f"FRONTEND_DIST={app.config['FRONTEND_DIST']} holds no index.html "
                          "(build the front end first: npm run build in native/frontend)")
    app.url_map.converters["spa_path"] = SpaPathConverter

    @app.get("/", defaults={"path": ""}, endpoint="spa")
    @app.get("/<spa_path:path>", endpoint="spa")
    def spa(path: str) -> Response:
        g.spa_cache = IMMUTABLE if path.startswith("assets/") else "no-cache"
        if path:
            try:
                return send_from_directory(root, path)
            except NotFound:
                if path.startswith("assets/"):  # a missing script is a 404, not a page
                    raise
        g.spa_cache = "no-cache"
        return send_from_directory(root, "index.html")

    def spa_headers(response: Response) -> Response:
        if request.endpoint == "spa" and "spa_cache" in g:
            response.headers["Content-Security-Policy"] = CSP_SPA
            response.headers["Cache-Control"] = g.spa_cache
        return response

    # Flask runs after-request functions last-registered first; at the front of the list
    # this one runs after http.py's (which marks everything `no-store` with the API's
    # JSON CSP), so only the SPA's own responses get its caching and CSP.
    app.after_request_funcs.setdefault(None, []).insert(0, spa_headers)
