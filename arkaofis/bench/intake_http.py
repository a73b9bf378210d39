"""The HTTP path of `arkaofis bench intake`: the production server, separate client processes.

The bench starts what production runs (README): `gunicorn arkaofis.wsgi` with sync workers,
`DEBUG=0`, a fresh `SECRET_KEY`, on a free port of 127.0.0.1, against the bench's scratch
database. Requests carry `X-Forwarded-Proto: https`, as they would behind the TLS-terminating
proxy production sets up (SECURE_PROXY_SSL_HEADER), so the HTTPS redirect does not apply.

An order is one request with an Idempotency-Key: POST /api/orders?reserve=true, which creates,
routes and reserves it in one transaction (as a shop's system would send it). Phases: as fast
as `clients` processes can go; then a steady `rate` orders/s for latency; then a replay of
every 20th order, once with its own key (the stored answer must come back) and once with a new
key (the external id must find the order).
"""

import logging
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from array import array
from pathlib import Path

from django.db import connections

from arkaofis.bench.common import percentile, progress
from arkaofis.bench.intake import Stock, _fork, cpu_seconds, order_payload

READY_TIMEOUT = 60.0


def run(
    *, config: dict, stock: Stock, orders: int, clients: int, server_workers: int, steady_orders: int,
    steady_rate: float,
) -> dict:  # fmt: skip
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request would swamp stderr
    token = _issue_token(stock.user_id)
    server = _server(config, server_workers)
    with server as base_url:
        http = {"base_url": base_url, "token": token}
        cpu_before = server.cpu()
        fast = _fork(_client, config, stock, "http", range(orders), clients, **http)
        cpu = [after - before for before, after in zip(cpu_before, server.cpu(), strict=True)]
        progress(f"http: {fast.per_second:.0f} orders/s with {clients} clients")
        steady = None
        if steady_orders:
            steady = _fork(_client, config, stock, "steady", range(steady_orders), clients, rate=steady_rate, **http)
            progress(f"steady: {steady.per_second:.0f} orders/s asked {steady_rate:g}/s")
        sample = range(0, orders, 20)
        replay = _fork(_client, config, stock, "http", sample, clients, replay=True, **http)
    latencies = sorted(fast.latencies)
    figures = {
        "orders": orders,
        "orders_per_s": round(fast.per_second, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "clients": clients,
        "server_workers": server_workers,
        "requests_per_order": 1,
        "backordered": fast.backordered,
        "replayed": len(sample),
        "duplicates": replay.duplicates,
        # CPU per order of the gunicorn workers and of their PostgreSQL backends (0 on SQLite)
        "server_cpu_ms_per_order": round(cpu[0] / orders * 1000, 2),
        "db_cpu_ms_per_order": round(cpu[1] / orders * 1000, 2),
    }
    if steady is not None:
        steady_latencies = sorted(steady.latencies)
        figures.update(
            steady_rate=steady_rate,
            steady_orders=steady_orders,
            steady_per_s=round(steady.per_second, 1),
            steady_rate_p50_ms=round(percentile(steady_latencies, 0.50) * 1000, 2),
            steady_rate_p99_ms=round(percentile(steady_latencies, 0.99) * 1000, 2),
        )
    return figures


def _issue_token(user_id: int) -> str:
    from django.contrib.auth import get_user_model

    from arkaofis.core.services.tokens import create_api_token

    _, raw = create_api_token(user=get_user_model().objects.get(pk=user_id), name="bench intake")
    connections.close_all()  # clients are forked next
    return raw


def _database_url(config: dict) -> str:
    if config["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{config['NAME']}"
    auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    return f"postgres://{auth}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _server:  # noqa: N801 - used as a context manager, reads like one
    """gunicorn as production runs it; stopped (SIGTERM, then SIGKILL) on the way out."""

    def __init__(self, config: dict, workers: int) -> None:
        self.config, self.workers = config, workers

    def __enter__(self) -> str:
        port = _free_port()
        self.tmp = tempfile.TemporaryDirectory(prefix="arkaofis-bench-http-")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "arkaofis.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": _database_url(self.config),
            "ARKAOFIS_VAR_DIR": self.tmp.name,
            "LOG_LEVEL": "WARNING",
        }
        self.log = open(Path(self.tmp.name) / "gunicorn.log", "w+b")  # noqa: SIM115 - closed in __exit__
        command = [sys.executable, "-m", "gunicorn", "arkaofis.wsgi", "--workers", str(self.workers)]
        command += ["--bind", f"127.0.0.1:{port}", "--backlog", "512", "--log-level", "warning"]
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT)  # noqa: S603
        base_url = f"http://127.0.0.1:{port}"
        self._wait_ready(base_url)
        progress(f"gunicorn: {self.workers} workers on {base_url}")
        return base_url

    def cpu(self) -> tuple[float, float]:
        """CPU seconds used so far by the server's workers and by the database's backends."""
        database = f" {self.config['NAME']} ".encode()
        workers = backends = 0.0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if int(stat[1]) == self.process.pid:
                workers += cpu_seconds(int(entry.name))
            elif command.startswith(b"postgres: ") and database in command:
                backends += cpu_seconds(int(entry.name))
        return workers, backends

    def _wait_ready(self, base_url: str) -> None:
        import httpx

        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                # Unauthenticated: 401 means Django answered. A few more warm the workers up.
                if httpx.get(f"{base_url}/api/orders", headers=_PROXY, timeout=5).status_code == 401:
                    for _ in range(4 * self.workers):
                        httpx.get(f"{base_url}/api/orders", headers=_PROXY, timeout=5)
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not start: {self._log_tail()}")

    def _log_tail(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-2000:]

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        self.tmp.cleanup()


_PROXY = {"X-Forwarded-Proto": "https"}


def _client(
    barrier, config: dict, stock: Stock, phase: str, numbers: range, *, base_url: str, token: str,
    rate: float = 0.0, replay: bool = False,
) -> tuple:  # fmt: skip
    """One client process: its share of the orders, each created and reserved in one request, timed."""
    import httpx

    headers = {**_PROXY, "Authorization": f"Bearer {token}"}
    payloads = [(n, order_payload(phase, n, stock)) for n in numbers]
    done = backordered = duplicates = 0
    latencies = array("d")
    clock = time.perf_counter
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
        barrier.wait(timeout=120)
        started = time.monotonic()
        for n, payload in payloads:
            if rate:  # steady phase: order n is due n / rate seconds after the start
                delay = started + n / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            begun = clock()
            if replay:
                duplicates += _replay(client, payload)
                continue
            status = _create_and_reserve(client, payload)
            latencies.append(clock() - begun)
            done += 1
            backordered += status == "backordered"
        ended = time.monotonic()
    return started, ended, done, backordered, duplicates, latencies.tobytes(), 0.0, 0.0


def _post(client, path: str, key: str, payload: dict | None = None):
    response = client.post(path, json=payload, headers={"Idempotency-Key": key})
    if not 200 <= response.status_code < 300:
        raise RuntimeError(f"POST {path}: {response.status_code} {response.text[:300]}")
    return response


CREATE = "/api/orders?reserve=true"


def _create_and_reserve(client, payload: dict) -> str:
    return _post(client, CREATE, f"create-{payload['external_id']}", payload).json()["status"]


def _replay(client, payload: dict) -> int:
    """Orders created twice by a replay: 0, or 1 if either replay made a new one."""
    external_id = payload["external_id"]
    again = _post(client, CREATE, f"create-{external_id}", payload)
    fresh = _post(client, CREATE, f"again-{external_id}", payload)
    replayed = again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    found = fresh.status_code == 200 and fresh.json()["number"] == again.json()["number"]
    return int(not (replayed and found))
