"""Debian's nginx with the shipped configuration (deploy/nginx-site.conf), for tests and bench.

The site's own `server` block is used as shipped, with only `listen` and `root` replaced, inside a
minimal `http` block with Debian's mime.types and the brotli module: what a web team would run.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE_CONF = ROOT / "deploy" / "nginx-site.conf"
BROTLI = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


class NoNginx(RuntimeError):
    """nginx or its brotli module is not installed."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _config(prefix: Path, site_dir: Path, port: int) -> Path:
    site = SITE_CONF.read_text("utf-8")
    assert "listen 8080;" in site and "root /srv/econsec/site;" in site, "shipped config changed"
    site = site.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    site = site.replace("root /srv/econsec/site;", f"root {site_dir};")
    (prefix / "site.conf").write_text(site, "utf-8")
    temps = "\n".join(
        f"    {name}_temp_path {prefix / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""daemon off;
user root;
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"};
load_module {BROTLI};
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temps}
    include {prefix / "site.conf"};
}}
""",
        "utf-8",
    )
    return conf


@contextmanager
def nginx(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` with the shipped configuration on a free loopback port; yield its URL."""
    exe = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(exe).is_file() or not BROTLI.is_file():
        raise NoNginx("apt-get install nginx-light libnginx-mod-http-brotli-static")
    with tempfile.TemporaryDirectory(prefix="econsec-nginx-") as tmp:
        prefix = Path(tmp)
        port = _free_port()
        conf = _config(prefix, Path(site_dir).resolve(), port)
        check = subprocess.run(
            [exe, "-t", "-c", str(conf), "-p", str(prefix)], capture_output=True, text=True
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx refused the configuration: {check.stderr.strip()}")
        proc = subprocess.Popen([exe, "-c", str(conf), "-p", str(prefix)])
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    urllib.request.urlopen(url, timeout=2).close()
                    break
                except OSError:
                    if proc.poll() is not None:
                        raise RuntimeError((prefix / "error.log").read_text("utf-8")) from None
                    if time.monotonic() > deadline:
                        raise RuntimeError("nginx did not answer within 20 s") from None
                    time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)
