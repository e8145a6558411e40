"""A real HTTP server on 127.0.0.1 serving a directory laid out like EDGAR, which logs every
request (time of arrival, path, status, User-Agent) and misbehaves on request: 429 with
Retry-After, 503, a connection dropped mid-body, a body cut short (with a matching
Content-Length, so only the client's content checks can tell), a slow response, a body dripped
a byte at a time, a body far larger than the file (with or without a Content-Length)."""

from __future__ import annotations

import email.utils
import math
import os
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse


@dataclass(frozen=True)
class Fault:
    """How to answer one request instead of serving the file.

    kind: "429" (Retry-After: ``value`` seconds, or an HTTP-date ``value`` seconds ahead when
    ``http_date``), "503", "drop" (headers for the whole file, half the body, then the connection
    closes), "truncate" (the first ``value`` fraction of the body, Content-Length to match),
    "slow" (wait ``value`` seconds, then serve the file), "drip" (headers for the whole file, then
    one byte of it every ``value`` seconds), "bloat" (a body of ``value`` bytes: the file, then
    spaces, sent a chunk at a time, Content-Length to match), "bloat-unsized" (the same without a
    Content-Length: the body ends when the connection closes).
    """

    kind: str
    value: float = 0.0
    http_date: bool = False


@dataclass
class Request:
    at: float  # time.monotonic() when the request line arrived
    path: str
    user_agent: str
    fault: str | None
    status: int | None = None  # set once answered


class EdgarTestServer:
    def __init__(self, root: Path):
        self.root = root
        self.requests: list[Request] = []
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as EDGAR

            def do_GET(self):  # noqa: N802 (http.server's naming)
                server._answer(self)

            def log_message(self, *args):
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/"

    def start(self) -> EdgarTestServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> EdgarTestServer:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()

    def misbehave(self, path: str, *faults: Fault) -> None:
        """The next requests of ``path`` get these faults, one each, in order."""
        with self._lock:
            self._faults[path].extend(faults)

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def paths(self, status: int | None = None, prefix: str = "") -> list[str]:
        return [r.path for r in self.requests if (status is None or r.status == status) and r.path.startswith(prefix)]

    # --- answering --------------------------------------------------------------------------

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        arrived = time.monotonic()
        path = unquote(urlparse(handler.path).path).lstrip("/")
        with self._lock:
            fault = self._faults[path].popleft() if self._faults[path] else None
            request = Request(arrived, path, handler.headers.get("User-Agent", ""), fault.kind if fault else None)
            self.requests.append(request)  # logged on arrival: a slow answer may outlive the client
        request.status = self._respond(handler, path, fault)

    def _respond(self, handler: BaseHTTPRequestHandler, path: str, fault: Fault | None) -> int:
        if fault and fault.kind == "429":
            # an HTTP-date has whole seconds: rounded up, so it is never sooner than asked
            retry_after = (email.utils.formatdate(math.ceil(time.time()) + fault.value, usegmt=True) if fault.http_date
                           else str(int(fault.value)))
            return self._send(handler, 429, b"Too Many Requests", {"Retry-After": retry_after})
        if fault and fault.kind == "503":
            return self._send(handler, 503, b"Service Unavailable")
        if fault and fault.kind == "slow":
            time.sleep(fault.value)
        file = (self.root / path).resolve()
        if not file.is_relative_to(self.root.resolve()) or not file.is_file():
            return self._send(handler, 404, b"Not Found")
        body = file.read_bytes()
        modified = email.utils.formatdate(os.stat(file).st_mtime, usegmt=True)
        since = handler.headers.get("If-Modified-Since")
        if since and since == modified and not fault:
            return self._send(handler, 304, b"", {"Last-Modified": modified})
        headers = {"Last-Modified": modified}
        if fault and fault.kind == "drop":
            handler.send_response(200)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            self._write(handler, body[: len(body) // 2])
            handler.close_connection = True
            return 200
        if fault and fault.kind == "drip":
            return self._drip(handler, body, headers, fault.value)
        if fault and fault.kind in ("bloat", "bloat-unsized"):
            return self._bloat(handler, body, headers, int(fault.value), sized=fault.kind == "bloat")
        if fault and fault.kind == "truncate":
            body = body[: int(len(body) * fault.value)]
        return self._send(handler, 200, body, headers)

    def _send(self, handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict | None = None) -> int:
        try:
            handler.send_response(status)
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
        except OSError:  # the client gave up (a timeout): nothing to answer
            handler.close_connection = True
            return status
        self._write(handler, body)
        return status

    def _drip(self, handler: BaseHTTPRequestHandler, body: bytes, headers: dict, every: float) -> int:
        if self._send_headers(handler, 200, {**headers, "Content-Length": str(len(body))}):
            for index in range(len(body)):
                if not self._write(handler, body[index:index + 1]):
                    break
                time.sleep(every)
        handler.close_connection = True
        return 200

    def _bloat(self, handler: BaseHTTPRequestHandler, body: bytes, headers: dict, size: int, sized: bool) -> int:
        """``size`` bytes without ever holding them: the file, then spaces."""
        length = {"Content-Length": str(size)} if sized else {"Connection": "close"}
        if self._send_headers(handler, 200, {**headers, **length}):
            padding, left = b" " * (1 << 16), size - len(body)
            if self._write(handler, body):
                while left > 0 and self._write(handler, padding[:left]):
                    left -= len(padding)
        handler.close_connection = True
        return 200

    @staticmethod
    def _send_headers(handler: BaseHTTPRequestHandler, status: int, headers: dict) -> bool:
        try:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.flush()
            return True
        except OSError:
            return False

    @staticmethod
    def _write(handler: BaseHTTPRequestHandler, data: bytes) -> bool:
        try:
            handler.wfile.write(data)
            handler.wfile.flush()
            return True
        except OSError:  # the client hung up
            handler.close_connection = True
            return False
