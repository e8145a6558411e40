"""Polite, robust fetching from EDGAR (or a mirror laid out like it).

SEC's fair-access rules: a User-Agent that names the user and an e-mail address, and at most
10 requests per second. Every request of a run goes through one ``RateLimiter``, retries
included. Transient failures (429, 5xx, dropped connections, bodies cut short) are retried
with exponential backoff and jitter (tenacity), waiting at least what ``Retry-After`` asks.
A download goes to a temporary file beside its target, is verified, and only then renamed
into place, so a file in the archive is always whole.

Two limits bound what one response may cost (``Limits.response_bytes`` and
``Limits.response_seconds``): a body longer than the first is cut off there, and a response not
complete within the second (however slowly the server drips it, headers included) is cut off by
a watchdog that shuts its socket. Either is a ResponseLimitExceeded: the partial file is deleted
and the file recorded as failed, not retried within the run.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import os
import re
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Self
from urllib.parse import urljoin

import tenacity
import urllib3
from humanfriendly import format_size

from etl.limits import DEFAULT_LIMITS, LimitExceeded, Limits
from etl.sync.verify import IncompleteDownload

DEFAULT_EDGAR_URL = "https://www.sec.gov/"
SEC_MAX_RPS = 10.0
USER_AGENT_HOWTO = (
    'set one that names you and an e-mail address, as SEC\'s fair-access rules require: '
    '--user-agent "Jane Doe jane.doe@example.com" or PMDW_USER_AGENT="Jane Doe jane.doe@example.com"'
)
_EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+\.[A-Za-z]{2,}")


class FetchError(Exception):
    """A file that could not be fetched; the message names the URL and the reason."""


class NotFound(FetchError):
    """404/410: EDGAR has no such file (a holiday's daily index, an index not yet published)."""


class ResponseLimitExceeded(FetchError):
    """A response past ``response_bytes`` or ``response_seconds`` (or a download whose check went
    past a limit): not retried within the run; the message names the limit."""


class TransientFailure(Exception):
    """A failure worth retrying; ``retry_after`` is what the server asked to wait, if anything."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.retry_after = retry_after


def check_user_agent(value: str | None) -> str:
    """The User-Agent, if it names someone and an e-mail address.

    >>> check_user_agent("Jane Doe jane.doe@example.com")
    'Jane Doe jane.doe@example.com'
    >>> check_user_agent("jane.doe@example.com")
    Traceback (most recent call last):
    ...
    ValueError: the User-Agent 'jane.doe@example.com' lacks a name besides the e-mail address: set one that names you and an e-mail address, as SEC's fair-access rules require: --user-agent "Jane Doe jane.doe@example.com" or PMDW_USER_AGENT="Jane Doe jane.doe@example.com"
    """
    value = (value or "").strip()
    if not value:
        raise ValueError(f"no User-Agent configured: {USER_AGENT_HOWTO}")
    address = _EMAIL.search(value)
    if address is None:
        raise ValueError(f"the User-Agent {value!r} has no e-mail address: {USER_AGENT_HOWTO}")
    if not re.search(r"[A-Za-z]", _EMAIL.sub("", value)):
        raise ValueError(f"the User-Agent {value!r} lacks a name besides the e-mail address: {USER_AGENT_HOWTO}")
    return value


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delay-seconds or an HTTP-date.

    >>> parse_retry_after("3")
    3.0
    >>> parse_retry_after("Wed, 21 Oct 2026 07:28:10 GMT",
    ...                   now=dt.datetime(2026, 10, 21, 7, 28, 0, tzinfo=dt.timezone.utc))
    10.0
    >>> parse_retry_after("Wed, 21 Oct 2026 07:28:10 GMT",
    ...                   now=dt.datetime(2026, 10, 21, 8, 0, 0, tzinfo=dt.timezone.utc))
    0.0
    >>> parse_retry_after("soon") is None, parse_retry_after(None) is None
    (True, True)
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    now = now or dt.datetime.now(dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


class RateLimiter:
    """Spaces requests evenly so that no second holds more than ``max_per_second`` of them.

    Slots are ``SLACK / max_per_second`` apart: the 5% slack keeps what the server sees under
    the limit even when one request reaches it a little later than the next. Thread-safe; one
    limiter serves every request of a run.
    """

    SLACK = 1.05

    def __init__(self, max_per_second: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        if not 0 < max_per_second <= SEC_MAX_RPS:
            raise ValueError(f"max requests per second must be above 0 and at most {SEC_MAX_RPS:g} "
                             f"(SEC's fair-access limit), not {max_per_second:g}")
        self.interval = self.SLACK / max_per_second
        self._clock, self._sleep = clock, sleep
        self._next_slot = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        """Blocks until this caller's slot comes.

        >>> now = [0.0]
        >>> limiter = RateLimiter(5, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
        >>> for _ in range(4):
        ...     limiter.wait()
        >>> round(now[0], 2)
        0.63
        """
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self.interval
        if slot > now:
            self._sleep(slot - now)


@dataclass(frozen=True)
class FetchSettings:
    base_url: str
    user_agent: str
    max_rps: float = SEC_MAX_RPS
    attempts: int = 6  # per file and run: a file still failing is recorded and retried next run
    retry_base: float = 1.0  # seconds before the first retry; doubled each time, plus jitter
    retry_max: float = 120.0
    retry_after_max: float = 600.0  # SEC blocks an over-eager client for about ten minutes
    timeout: float = 60.0  # seconds to wait for a connection or for the next bytes
    limits: Limits = DEFAULT_LIMITS  # response_bytes and response_seconds bound each response


@dataclass(frozen=True)
class Fetched:
    """A completed request: the file written (None when the server said 304 Not Modified)."""

    path: Path | None
    last_modified: str | None = None
    etag: str | None = None
    bytes: int = 0


class _WaitRetryAfterOrBackoff(tenacity.wait.wait_base):
    """Exponential backoff with jitter, but never less than the server's ``Retry-After``."""

    def __init__(self, settings: FetchSettings):
        self.backoff = (tenacity.wait_exponential(multiplier=settings.retry_base, max=settings.retry_max)
                        + tenacity.wait_random(0, settings.retry_base))
        self.retry_after_max = settings.retry_after_max

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        wait = self.backoff(retry_state)
        error = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(error, TransientFailure) and error.retry_after is not None:
            wait = max(wait, min(error.retry_after, self.retry_after_max))
        return wait


# --- the deadline of one response ---------------------------------------------------------------

_in_flight = threading.local()  # the Watch of the request this thread is making


class _Watch:
    """The connection one request uses, so that its deadline can cut it off from another thread
    whatever it is blocked in (connecting, waiting for headers, reading a dripping body)."""

    def __init__(self):
        self.connection = None
        self.expired = False
        self._lock = threading.Lock()

    def cut(self) -> None:
        with self._lock:
            self.expired = True
            sock = getattr(self.connection, "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _WatchedConnection:
    """Mixed into urllib3's connections: tells the thread's Watch which connection it uses, and
    refuses to wait for a response once the deadline passed (the socket may have come later)."""

    def request(self, *args, **kwargs):
        watch = getattr(_in_flight, "watch", None)
        if watch is not None:
            watch.connection = self
        return super().request(*args, **kwargs)

    def getresponse(self, *args, **kwargs):
        watch = getattr(_in_flight, "watch", None)
        if watch is not None and watch.expired:
            raise TimeoutError("the response deadline passed")
        return super().getresponse(*args, **kwargs)


class _HTTPConnection(_WatchedConnection, urllib3.connection.HTTPConnection):
    pass


class _HTTPSConnection(_WatchedConnection, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _Deadline:
    """``with _Deadline(seconds, url) as deadline:`` a request of this thread is cut off once
    ``seconds`` have passed; ``deadline.check()`` raises ResponseLimitExceeded if so."""

    def __init__(self, seconds: float, url: str):
        self.seconds, self.url = seconds, url
        self.watch = _Watch()
        self._timer = threading.Timer(seconds, self.watch.cut)
        self._timer.daemon = True

    def __enter__(self) -> Self:
        _in_flight.watch = self.watch
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()
        _in_flight.watch = None

    def check(self) -> None:
        if self.watch.expired:
            raise ResponseLimitExceeded(str(LimitExceeded(
                "response_seconds", f"{self.url}: response not complete after {self.seconds:g} s")))


# --- the client ----------------------------------------------------------------------------------


class EdgarClient:
    """GETs files under the EDGAR base URL into local files, politely and verifiably."""

    def __init__(self, settings: FetchSettings, log: logging.LoggerAdapter | logging.Logger | None = None,
                 limiter: RateLimiter | None = None):
        self.settings = settings
        self.limiter = limiter or RateLimiter(settings.max_rps)
        self.log = log or logging.getLogger("pmdw.sync")
        self.base_url = settings.base_url if settings.base_url.endswith("/") else settings.base_url + "/"
        self.requests_made = 0
        self._pool = urllib3.PoolManager(
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=urllib3.Timeout(connect=min(10.0, settings.timeout), read=settings.timeout),
            retries=False,  # retries are ours, so that each one waits for the rate limiter
        )
        self._pool.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def download(self, path: str, target: Path, verify: Callable[[Path], None] = lambda _: None, *,
                 last_modified: str | None = None, etag: str | None = None) -> Fetched:
        """Fetches ``path`` (relative to the base URL) into ``target`` atomically.

        With ``last_modified``/``etag`` from an earlier fetch the request is conditional and a
        304 leaves ``target`` as it is. Raises NotFound, ResponseLimitExceeded, or FetchError
        once retries run out.
        """
        url = self.url(path)
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.settings.attempts),
            wait=_WaitRetryAfterOrBackoff(self.settings),
            retry=tenacity.retry_if_exception_type(TransientFailure),
            before_sleep=lambda state: self.log.warning(
                "retrying %s in %.2fs (attempt %d of %d failed: %s)", url, state.next_action.sleep,
                state.attempt_number, self.settings.attempts, state.outcome.exception()),
            reraise=True,
        )
        conditions = {}
        if last_modified:
            conditions["If-Modified-Since"] = last_modified
        if etag:
            conditions["If-None-Match"] = etag
        try:
            return retrying(self._attempt, url, target, verify, conditions)
        except TransientFailure as failure:
            raise FetchError(f"{url}: gave up after {self.settings.attempts} attempts: {failure}") from failure

    def _attempt(self, url: str, target: Path, verify: Callable[[Path], None], conditions: dict) -> Fetched:
        self.limiter.wait()
        self.requests_made += 1
        with _Deadline(self.settings.limits.response_seconds, url) as deadline:
            try:
                response = self._pool.request("GET", url, headers=conditions or None, preload_content=False,
                                              redirect=False)
            except (urllib3.exceptions.HTTPError, OSError) as error:
                deadline.check()
                raise TransientFailure(f"no response ({_describe(error)})") from error
            whole = False
            try:
                result = self._answer(response, url, target, verify, deadline)
                whole = True
                return result
            finally:
                _release(response, whole)

    def _answer(self, response: urllib3.BaseHTTPResponse, url: str, target: Path, verify: Callable[[Path], None],
                deadline: _Deadline) -> Fetched:
        status = response.status
        if status == 200:
            return self._save(response, url, target, verify, deadline)
        if status == 304:
            return Fetched(None, last_modified=response.headers.get("Last-Modified"),
                           etag=response.headers.get("ETag"))
        if status in (404, 410):
            raise NotFound(f"{url}: HTTP {status} (no such file)")
        if status == 429 or status >= 500:
            raise TransientFailure(f"HTTP {status}", parse_retry_after(response.headers.get("Retry-After")))
        if status == 403:
            raise FetchError(f"{url}: HTTP 403 refused: EDGAR refuses clients without a declared "
                             f"User-Agent; check it names you and an e-mail address "
                             f"(now {self.settings.user_agent!r})")
        raise FetchError(f"{url}: unexpected HTTP {status}")

    def _save(self, response: urllib3.BaseHTTPResponse, url: str, target: Path,
              verify: Callable[[Path], None], deadline: _Deadline) -> Fetched:
        limit = self.settings.limits.response_bytes
        expected = response.headers.get("Content-Length")
        if expected and expected.isdigit() and int(expected) > limit:
            raise _too_long(url, limit, f"a body of {expected} bytes announced")
        target.parent.mkdir(parents=True, exist_ok=True)
        for stale in target.parent.glob(f".{target.name}.*.part"):  # left by a killed run (one runs at a time)
            stale.unlink(missing_ok=True)
        handle, temporary_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        temporary = Path(temporary_name)
        try:
            written = _write_body(response, handle, limit, url, deadline)
            if expected and expected.isdigit() and not response.headers.get("Content-Encoding") \
                    and written != int(expected):
                raise TransientFailure(f"body of {written} bytes, Content-Length says {expected}")
            try:
                verify(temporary)
            except IncompleteDownload as error:
                raise TransientFailure(str(error)) from error
            except LimitExceeded as error:
                raise ResponseLimitExceeded(f"{url}: {error}") from error
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        self.log.debug("fetched %s (%d bytes)", url, written)
        return Fetched(target, response.headers.get("Last-Modified"), response.headers.get("ETag"), written)

    def close(self) -> None:
        self._pool.clear()


def _too_long(url: str, limit: int, what: str) -> ResponseLimitExceeded:
    return ResponseLimitExceeded(str(LimitExceeded(
        "response_bytes", f"{url}: {what}, longer than {format_size(limit, binary=True)}")))


def _write_body(response: urllib3.BaseHTTPResponse, handle: int, limit: int, url: str,
                deadline: _Deadline) -> int:
    """Writes the body into the open file ``handle`` (closed after), stopping past ``limit``
    bytes (decoded) or at the deadline; returns the bytes written."""
    written = 0
    with os.fdopen(handle, "wb") as out:
        try:
            for chunk in response.stream(1 << 16):
                written += len(chunk)
                if written > limit:
                    raise _too_long(url, limit, "body cut off")
                out.write(chunk)
        except (urllib3.exceptions.HTTPError, OSError) as error:
            deadline.check()
            raise TransientFailure(f"body cut short after {written} bytes ({_describe(error)})") from error
        deadline.check()  # a body without a Content-Length just ends when its socket is shut
        out.flush()
        os.fsync(out.fileno())
    return written


_DRAINED_AT_MOST = 1 << 16


def _release(response: urllib3.BaseHTTPResponse, whole: bool) -> None:
    """Gives the connection back. An unread error page left on a kept-alive connection would be
    taken for the next response, so a small one is read away; a long or unsized one, or a body
    not read whole, closes the connection instead of reading on."""
    length = response.headers.get("Content-Length")
    small_page = response.status != 200 and bool(length) and length.isdigit() and int(length) <= _DRAINED_AT_MOST
    if whole or small_page:
        response.drain_conn()
    else:
        response.close()
    response.release_conn()


def _describe(error: BaseException) -> str:
    """urllib3 wraps the interesting error; name the innermost one."""
    while error.__context__ is not None and isinstance(error, urllib3.exceptions.ProtocolError):
        error = error.__context__
    return f"{type(error).__name__}: {error}"
