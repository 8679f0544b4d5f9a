"""A local HTTP server that records every request made to it: how the tests show that
the audit pack's renderer asks for nothing outside the package."""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class RequestCounter:
    port: int
    paths: list[str] = field(default_factory=list)


@contextmanager
def counting_server() -> Iterator[RequestCounter]:
    """A server on 127.0.0.1 (a free port) answering every request with a stylesheet
    that would show if it were ever used, and recording the request's path."""
    counter = RequestCounter(port=0)

    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            counter.paths.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body::after { content: 'FETCHED-OVER-HTTP' }")

        do_GET = do_HEAD = do_POST = _record

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    counter.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # Prove the detector works, so "no requests" later means something.
    with urllib.request.urlopen(f"http://127.0.0.1:{counter.port}/canary") as response:
        response.read()
    assert counter.paths == ["/canary"]
    counter.paths.clear()
    try:
        yield counter
    finally:
        server.shutdown()
        server.server_close()
