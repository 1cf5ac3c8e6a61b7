"""What every page for devices shares: limits, checks, headers and the device-token plumbing.

The werksessie's phones (:mod:`morgenmaken.web.app`), the game table's phones
(:mod:`morgenmaken.web.game`) and the LAB hub all refuse the same way: a request too large, too
frequent, from another site or with a malformed field is answered with a sentence in the
device's language, never a traceback. :class:`DeviceApp` holds what the two phone apps have in
common — the room code in every path, a device token in an HttpOnly cookie, the anti-forgery
value on every change, the pages and the event stream — so each app adds only its own routes.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
import unicodedata
from collections.abc import AsyncIterator, Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from morgenmaken.i18n import LANGUAGES, t
from morgenmaken.table.room import RoomError
from morgenmaken.werksessie.session import NAME_LIMIT

#: Largest request body accepted (a rating is about 80 bytes, a join form about 200).
MAX_BODY = 2048
#: Longest id (measure, dimension, card) a request may name.
ID_LIMIT = 80
DEVICE_COOKIE = "mm_device"
JOIN_COOKIE = "mm_join"
LANG_COOKIE = "mm_lang"
#: How long one event stream stays open before the browser reconnects (keeps dead ones few).
STREAM_SECONDS = 45.0
#: How often a stream looks whether the room changed.
STREAM_POLL = 0.2

FOLDER = Path(str(resources.files("morgenmaken") / "web"))

PAGE_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' data:; connect-src 'self'; "
                                "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class Limiter:
    """Token buckets per key: `burst` requests at once, refilled at `rate` per second."""

    def __init__(self, burst: float, rate: float) -> None:
        self.burst = burst
        self.rate = rate
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, key: str) -> bool:
        """Take one request from `key`'s bucket; False when it is empty."""
        now = time.monotonic()
        level, last = self._buckets.get(key, (self.burst, now))
        level = min(self.burst, level + (now - last) * self.rate)
        if level < 1:
            self._buckets[key] = (level, now)
            return False
        self._buckets[key] = (level - 1, now)
        if len(self._buckets) > 10_000:  # a flood of new keys cannot grow memory without end
            self._buckets.clear()
        return True


class Problem(Exception):
    """A refused request: HTTP status and the reason's string key (``web.error.<code>``)."""

    def __init__(self, status: int, code: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code


class DeviceRoom(Protocol):
    """What a room must offer to be served to devices (the werksessie's and the game's)."""

    code: str
    version: int

    def device(self, token: str) -> object | None:
        """Who a device token belongs to (None: not a device of this room)."""
        ...

    def csrf(self, token: str) -> str:
        """The anti-forgery value of a device."""
        ...

    def check_csrf(self, token: str, value: str) -> bool:
        """Whether `value` is the device's anti-forgery value."""
        ...


def page_lang(request: Request) -> str:
    """The language a device asked for (query, then cookie), Dutch by default."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "nl"
    return asked if asked in LANGUAGES else "nl"


def clean_name(raw: object) -> str:
    """A typed name checked: text, at most :data:`NAME_LIMIT` characters, no control
    characters; :class:`Problem` says what to change."""
    if not isinstance(raw, str):
        raise Problem(400, "name_missing")
    name = " ".join(raw.split())
    if not name:
        raise Problem(400, "name_missing")
    if len(name) > NAME_LIMIT:
        raise Problem(400, "name_long")
    if any(unicodedata.category(ch)[0] == "C" for ch in name):
        raise Problem(400, "name_bad")
    return name


def identifier(raw: object) -> str:
    """An id a request names: text of sensible length (whether it exists is the room's)."""
    if not isinstance(raw, str) or not 0 < len(raw) <= ID_LIMIT:
        raise Problem(400, "bad_request")
    return raw


def form(body: bytes) -> dict[str, str]:
    """A urlencoded form body; a malformed one is a 400 with a sentence."""
    from urllib.parse import parse_qs
    try:
        text = body.decode("utf-8")
        parsed = parse_qs(text, keep_blank_values=True, max_num_fields=10, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        raise Problem(400, "bad_request") from None
    return {key: values[0] for key, values in parsed.items()}


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request body, refused (413) beyond `limit` bytes whatever it declares."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise Problem(413, "too_large")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise Problem(413, "too_large")
    return body


def same_origin(request: Request) -> None:
    """Refuse a change whose ``Origin`` is another site (forgery from another page)."""
    origin = request.headers.get("origin")
    if origin is None:  # same-origin GETs and old browsers send none; the token still holds
        return
    host = request.headers.get("host", "")
    if origin.split("://", 1)[-1] != host:
        raise Problem(403, "csrf")


def client_of(request: Request) -> str:
    """The address a request came from (the key of the per-address limit)."""
    return request.client.host if request.client else "?"


@cache
def page_templates() -> Environment:
    """The package's page templates, autoescaped; one environment for every app (its
    compiled templates are kept, so a second table or the hub does not compile them again)."""
    return Environment(loader=FileSystemLoader(str(FOLDER / "templates")),
                       autoescape=select_autoescape(default=True))


def device_routes(web: DeviceApp, *own: BaseRoute) -> list[BaseRoute]:
    """The routes every device app has (the bare address, the static files, the room's page,
    joining, the state, the event stream) with the app's own changes among them."""
    return [Route("/", web.home),
            Mount("/static", StaticFiles(directory=str(FOLDER / "static")), name="static"),
            Route("/{code}", web.room_page),
            Route("/{code}/join", web.join, methods=["POST"]),
            Route("/{code}/api/state", web.state),
            *own,
            Route("/{code}/api/events", web.events)]


class DeviceApp:
    """The routes and checks shared by the apps that serve a room to devices."""

    def __init__(self, room: DeviceRoom, address: str, device_burst: float = 60,
                 device_rate: float = 20, address_burst: float = 80,
                 address_rate: float = 2) -> None:
        self.room = room
        #: The address the phones use (shown on every page): ``http://192.168.1.5:8765``.
        self.address = address
        self.devices = Limiter(device_burst, device_rate)
        self.addresses = Limiter(address_burst, address_rate)
        self.templates = page_templates()
        self.stopping = False

    def error(self, request: Request, problem: Problem) -> Response:
        """A refusal as JSON with the sentence in the device's language."""
        lang = page_lang(request)
        return JSONResponse({"error": problem.code,
                             "message": t(f"web.error.{problem.code}", lang)},
                            status_code=problem.status, headers={"Cache-Control": "no-store"})

    def check_code(self, request: Request) -> None:
        """The room code in the path must be this room's (404 otherwise)."""
        code = request.path_params.get("code", "")
        if not secrets.compare_digest(str(code).upper(), self.room.code):
            raise Problem(404, "no_room")

    def check_device(self, request: Request, change: bool) -> str:
        """The device token of a request (and, for a change, its anti-forgery value)."""
        token = request.cookies.get(DEVICE_COOKIE, "")
        if not token or len(token) > 100 or self.room.device(token) is None:
            if not self.addresses.allow(client_of(request)):
                raise Problem(429, "too_many")
            raise Problem(401, "unknown_device")
        if not self.devices.allow(token):
            raise Problem(429, "too_many")
        if change:
            same_origin(request)
            if not self.room.check_csrf(token, request.headers.get("x-csrf-token", "")):
                raise Problem(403, "csrf")
        return token

    def known_device(self, request: Request) -> str | None:
        """The token of a device of this room, or None (no checks of limits: page loads)."""
        token = request.cookies.get(DEVICE_COOKIE, "")
        if token and len(token) <= 100 and self.room.device(token) is not None:
            return token
        return None

    def page(self, template_name: str, lang: str, **values: Any) -> HTMLResponse:
        """A page rendered in `lang` with the room and address it belongs to."""
        template = self.templates.get_template(template_name)
        html = template.render(t=lambda key, **v: t(key, lang, **v), lang=lang,
                               room=self.room.code, address=self.address, **values)
        response = HTMLResponse(html, headers=PAGE_HEADERS)
        response.set_cookie(LANG_COOKIE, lang, max_age=86400 * 2, samesite="lax",
                            path=f"/{self.room.code}")
        return response

    def not_here(self, request: Request) -> Response:
        """The page for a wrong room code (slowed per address against guessing)."""
        lang = page_lang(request)
        if not self.addresses.allow(client_of(request)):
            return Response(t("web.error.too_many", lang), status_code=429)
        response = self.page("message.html.j2", lang, message=t("web.no_room", lang))
        response.status_code = 404
        return response

    def join_nonce(self, request: Request) -> str:
        """The join form's double-submit value: the cookie's, or a fresh one."""
        nonce = request.cookies.get(JOIN_COOKIE, "")
        if not (16 <= len(nonce) <= 64 and nonce.isalnum()):
            nonce = secrets.token_hex(16)
        return nonce

    def check_join(self, request: Request, body: bytes) -> dict[str, str]:
        """A join form checked for its room, rate, origin and double-submit value."""
        self.check_code(request)
        if not self.addresses.allow(client_of(request)):
            raise Problem(429, "too_many")
        same_origin(request)
        fields = form(body)
        nonce = request.cookies.get(JOIN_COOKIE, "")
        if not nonce or not secrets.compare_digest(fields.get("nonce", ""), nonce):
            raise Problem(403, "csrf")
        return fields

    def set_device(self, response: Response, token: str) -> Response:
        """Give a device its token (HttpOnly, only for this room's paths)."""
        response.set_cookie(DEVICE_COOKIE, token, httponly=True, samesite="lax",
                            path=f"/{self.room.code}", max_age=86400 * 2)
        return response

    def set_nonce(self, response: Response, nonce: str) -> Response:
        """Keep the join form's double-submit value in a cookie for this room."""
        response.set_cookie(JOIN_COOKIE, nonce, httponly=True, samesite="lax",
                            path=f"/{self.room.code}", max_age=3600)
        return response

    #: Where the room's refusals are worded (``web.error.<code>`` or the game's own).
    refusals = "web.error"

    def join_form(self, request: Request, lang: str, error: str | None,
                  status: int = 200) -> Response:
        """The page to join on, with `error` said above it (each app has its own)."""
        raise NotImplementedError

    def joined(self, fields: dict[str, str]) -> Callable[[], Any]:
        """From the checked form, the room's join to run (a :class:`Problem` for bad
        fields); it returns the new device."""
        raise NotImplementedError

    async def join(self, request: Request) -> Response:
        """The join form sent: a device token for this phone, then its page; a refusal
        shows the form again with the reason, in the phone's language."""
        lang = page_lang(request)
        try:
            fields = self.check_join(request, await read_body(request))
            device = await run_in_threadpool(self.joined(fields))
        except Problem as problem:
            if problem.code == "no_room":
                return self.page("message.html.j2", lang, message=t("web.no_room", lang))
            if problem.status == 400:
                return self.join_form(request, lang, t(f"web.error.{problem.code}", lang),
                                      status=400)
            return Response(t(f"web.error.{problem.code}", lang), status_code=problem.status)
        except RoomError as error:
            return self.join_form(request, lang, t(f"{self.refusals}.{error.code}", lang),
                                  status=409)
        return self.set_device(RedirectResponse(f"/{self.room.code}", status_code=303),
                               device.token)

    async def change(self, request: Request) -> tuple[str, dict[str, Any]]:
        """A state-changing JSON request: its device token and its body as an object."""
        self.check_code(request)
        token = self.check_device(request, change=True)
        body = await read_body(request)
        try:
            data = json.loads(body or b"null")
        except (ValueError, UnicodeDecodeError):
            raise Problem(400, "bad_request") from None
        if not isinstance(data, dict):
            raise Problem(400, "bad_request")
        return token, data

    async def room_page(self, request: Request) -> Response:
        """The device's page, or the form to join (each app has its own)."""
        raise NotImplementedError

    async def state(self, request: Request) -> Response:
        """What this device may see now (each app has its own)."""
        raise NotImplementedError

    async def home(self, request: Request) -> Response:
        """The bare address without a room: say where to find the room's address."""
        lang = page_lang(request)
        response = self.page("message.html.j2", lang, message=t("web.no_room", lang))
        response.status_code = 404
        return response

    async def events(self, request: Request) -> Response:
        """Server-sent events: the room's version now and whenever it changes."""
        try:
            self.check_code(request)
            self.check_device(request, change=False)
        except Problem as problem:
            return self.error(request, problem)

        async def stream() -> AsyncIterator[str]:
            yield "retry: 1500\n\n"
            seen = -1
            ends = time.monotonic() + STREAM_SECONDS
            while not self.stopping and time.monotonic() < ends:
                version = self.room.version
                if version != seen:
                    seen = version
                    yield f"data: {version}\n\n"
                await asyncio.sleep(STREAM_POLL)
                if await request.is_disconnected():
                    break

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store",
                                          "X-Accel-Buffering": "no"})
