"""The API serves the built SPA when FRONTEND_DIST names it (./run native, browser tests):
files with long caching, index.html for client-side routes, the SPA's CSP, no way out of
the folder, and the API's own paths and headers unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpdesk.config import ConfigError, from_env
from helpdesk.spa import CSP_SPA

INDEX = "<!doctype html><title>Help desk</title><div id=root></div>"
SCRIPT = "console.log('spa');"


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(INDEX)
    (folder / "assets" / "index-abc123.js").write_text(SCRIPT)
    (folder / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("outside the build")
    return folder


@pytest.fixture
def spa_client(make_app, dist, app):
    client = make_app(FRONTEND_DIST=str(dist), AUTO_MIGRATE=False).test_client()
    original = client.open

    def buffered(*args, **kwargs):  # read files at once, so no file is left open
        return original(*args, buffered=True, **kwargs)

    client.open = buffered  # type: ignore[method-assign]
    return client


def assert_index(response) -> None:
    assert response.status_code == 200
    assert response.get_data(as_text=True) == INDEX
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Content-Security-Policy"] == CSP_SPA
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_setting_is_off_by_default():
    assert from_env({})["FRONTEND_DIST"] == ""
    assert from_env({"FRONTEND_DIST": "/srv/dist"})["FRONTEND_DIST"] == "/srv/dist"


def test_without_the_setting_the_api_serves_no_pages(client):
    response = client.get("/")
    assert response.status_code == 404
    assert response.json["error"] == "not_found"


def test_root_and_client_routes_get_index_html(spa_client):
    for path in ("/", "/tickets", "/tickets/42", "/admin/users?page=2", "/assets"):
        assert_index(spa_client.get(path))


def test_assets_are_served_with_immutable_caching(spa_client):
    response = spa_client.get("/assets/index-abc123.js")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == SCRIPT
    assert response.mimetype in {"text/javascript", "application/javascript"}
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_other_files_of_the_build_are_revalidated(spa_client):
    response = spa_client.get("/favicon.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "no-cache"


def test_a_missing_asset_is_a_404_not_the_page(spa_client):
    response = spa_client.get("/assets/gone-123.js")
    assert response.status_code == 404
    assert INDEX not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/assets/../../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt",
    "/assets/..%2f..%2fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "//etc/passwd",
    "/assets//etc/passwd",
])
def test_no_path_leaves_the_build_folder(spa_client, path):
    response = spa_client.get(path)
    body = response.get_data(as_text=True)
    assert "outside the build" not in body
    assert "root:" not in body
    assert response.status_code in {200, 404}
    if response.status_code == 200:
        assert body == INDEX


def test_unknown_api_paths_stay_json_404(spa_client):
    for method in ("GET", "POST", "DELETE"):
        for path in ("/api/v1/nope", "/api", "/api/", "/api/v2/tickets"):
            response = spa_client.open(path, method=method)
            assert response.status_code == 404, (method, path)
            assert set(response.json) == {"error", "code", "message", "fields", "field_errors",
                                          "params"}


def test_api_responses_keep_their_own_headers(spa_client):
    for path in ("/api/v1/auth/me", "/healthz", "/api/v1/nope"):
        response = spa_client.get(path)
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert response.mimetype == "application/json"
    assert spa_client.get("/healthz").json == {"status": "ok"}
    assert spa_client.get("/api/docs/").status_code == 200


def test_the_api_works_beside_the_spa(spa_client):
    response = spa_client.post("/api/v1/auth/token",
                               json={"username": "user", "password": "user123"})
    assert response.status_code == 200
    token = response.json["access_token"]
    me = spa_client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json["username"] == "user"


def test_writes_to_pages_are_refused(spa_client):
    response = spa_client.post("/tickets")
    assert response.status_code == 405
    assert response.json["error"] == "method_not_allowed"


def test_a_folder_without_index_html_stops_the_start(make_app, tmp_path):
    with pytest.raises(ConfigError, match="FRONTEND_DIST"):
        make_app(FRONTEND_DIST=str(tmp_path), AUTO_MIGRATE=False)
