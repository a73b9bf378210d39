"""A local HTTP server for carrier adapter tests: real HTTP on 127.0.0.1, answers chosen by the test
from recorded responses (carrier_responses/), every request kept for the test to assert on."""

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RESPONSES = Path(__file__).parent / "carrier_responses"


def recorded(name: str) -> bytes:
    return (RESPONSES / name).read_bytes()


def recorded_json(name: str) -> dict:
    return json.loads(recorded(name))


@dataclass
class Call:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str = "application/json"


Respond = Callable[[Call], Answer]


@dataclass
class LocalServer:
    respond: Respond
    delay: float = 0.0  # seconds to wait before answering: a carrier that is too slow
    calls: list[Call] = field(default_factory=list)
    url: str = ""


def _handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            call = Call(
                self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length)
            )
            server.calls.append(call)
            if server.delay:
                time.sleep(server.delay)
            answer = server.respond(call)
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                pass

        do_GET = do_POST = do_PUT = do_DELETE = _serve

    return Handler


@contextlib.contextmanager
def serve(respond: Respond, *, delay: float = 0.0) -> Iterator[LocalServer]:
    state = LocalServer(respond=respond, delay=delay)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    httpd.block_on_close = False
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
