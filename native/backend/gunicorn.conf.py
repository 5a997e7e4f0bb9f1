"""gunicorn settings from the environment, read by `bin/start-api` (and so by the image).

HOST/PORT: where to listen (0.0.0.0:5000). WEB_CONCURRENCY: worker processes (2).
GUNICORN_THREADS: threads per worker (gthread, 4: measured with benchmarks/native_bench.py,
8 threads gave lower throughput and a longer p99 on 2 cores). gunicorn writes no access
log of its own: the app logs each request as one JSON line with its request id.
Forwarded headers: with TRUSTED_PROXIES > 0 the app's ProxyFix takes exactly that many
hops from X-Forwarded-For/Proto/Host, and gunicorn accepts them from any address (in
Docker the proxy's address changes with every container; only nginx reaches the API).
With TRUSTED_PROXIES=0 gunicorn trusts nobody's, not even a local client's.
FORWARDED_ALLOW_IPS, when set, overrides that choice.
"""

from __future__ import annotations

import os


def _trusted_proxy_ips() -> str:
    if "FORWARDED_ALLOW_IPS" in os.environ:
        return os.environ["FORWARDED_ALLOW_IPS"]
    return "*" if int(os.environ.get("TRUSTED_PROXIES", "0") or 0) > 0 else ""


bind = [f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '5000')}"]  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
forwarded_allow_ips = _trusted_proxy_ips()
errorlog = "-"
timeout = 60
graceful_timeout = 20
keepalive = 5
control_socket_disable = True  # runtime control (gunicornc) is not used; replicas share no socket
