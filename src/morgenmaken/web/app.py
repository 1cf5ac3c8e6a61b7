"""The pages and API for phones: a Starlette app over one :class:`~morgenmaken.table.room.Room`.

Everything a request may change goes through the room (the table layer), which commits it to
its database before this app answers, so an acknowledgement always means *saved*. The app only
decides who is asking and whether the request is well-formed:

* the **room code** is in every path (``/<code>``, the QR code's address); a wrong code is a
  404, and guessing is slowed by a per-address limit;
* a **device token** of its own for each phone, in an HttpOnly cookie limited to the room's
  path; its anti-forgery value (:meth:`Room.csrf`) must come back in ``X-CSRF-Token`` with every
  change, and a request whose ``Origin`` is another site is refused, so another page the phone
  opens cannot rate for it; joining is protected the same way by a double-submit form value;
* every input is checked for type, length and range, and refused with a sentence in the
  phone's language (``{"error": code, "message": …}``), never a traceback;
* request bodies above :data:`MAX_BODY` bytes and bursts above the rate limits are refused;
* there is **no facilitator route**: revealing and closing rounds happen on the laptop, in the
  same process, so nothing that arrives over the network can do them;
* before the reveal :meth:`Room.view` sends a device its own ratings and how many are done —
  nothing of anyone else's choices.

Live updates are server-sent events: a tiny stream that says "the state changed" (its version),
after which the page fetches what it may see. A browser's ``EventSource`` reconnects by itself,
which is how phones find the laptop again after sleep, lost Wi-Fi or a restarted laptop.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
import unicodedata
from collections.abc import AsyncIterator
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from morgenmaken.i18n import LANGUAGES, t
from morgenmaken.table.room import Room, RoomError
from morgenmaken.werksessie.aggregate import SCALE
from morgenmaken.werksessie.notation import mark, median_text, spread_text
from morgenmaken.werksessie.session import NAME_LIMIT

#: Largest request body accepted (a rating is about 80 bytes, a join form about 200).
MAX_BODY = 2048
#: Longest id (measure, dimension) a request may name.
ID_LIMIT = 80
DEVICE_COOKIE = "mm_device"
JOIN_COOKIE = "mm_join"
LANG_COOKIE = "mm_lang"
#: How long one event stream stays open before the browser reconnects (keeps dead ones few).
STREAM_SECONDS = 45.0
#: How often a stream looks whether the room changed.
STREAM_POLL = 0.2

_FOLDER = Path(str(resources.files("morgenmaken") / "web"))


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
    """A refused request: HTTP status and the reason's string key."""

    def __init__(self, status: int, code: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code


def _lang(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "nl"
    return asked if asked in LANGUAGES else "nl"


def _clean_name(raw: object) -> str:
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


def _identifier(raw: object) -> str:
    if not isinstance(raw, str) or not 0 < len(raw) <= ID_LIMIT:
        raise Problem(400, "bad_request")
    return raw


def _rating(raw: object) -> int | None:
    """A rating from JSON: null (weet niet) or an integer on the scale — not a bool, not
    a float, not text."""
    if raw is None:
        return None
    if type(raw) is not int or raw not in SCALE:
        raise Problem(400, "bad_value")
    return raw


class WebRoom:
    """The app for one room, with its limits and templates."""

    def __init__(self, room: Room, address: str, device_burst: float = 60,
                 device_rate: float = 20, address_burst: float = 80,
                 address_rate: float = 2) -> None:
        self.room = room
        #: The address the phones use (shown on every page): ``http://192.168.1.5:8765``.
        self.address = address
        self.devices = Limiter(device_burst, device_rate)
        self.addresses = Limiter(address_burst, address_rate)
        self.templates = Environment(loader=FileSystemLoader(str(_FOLDER / "templates")),
                                     autoescape=select_autoescape(default=True))
        self.stopping = False

    # ---------------------------------------------------------------- helpers
    def _error(self, request: Request, problem: Problem) -> Response:
        lang = _lang(request)
        return JSONResponse({"error": problem.code, "message": t(f"web.error.{problem.code}",
                                                                  lang)},
                            status_code=problem.status, headers={"Cache-Control": "no-store"})

    def _room_code(self, request: Request) -> None:
        code = request.path_params.get("code", "")
        if not secrets.compare_digest(str(code).upper(), self.room.code):
            raise Problem(404, "no_room")

    async def _body(self, request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
            raise Problem(413, "too_large")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise Problem(413, "too_large")
        return body

    def _same_origin(self, request: Request) -> None:
        origin = request.headers.get("origin")
        if origin is None:  # same-origin GETs and old browsers send none; the token still holds
            return
        host = request.headers.get("host", "")
        if origin.split("://", 1)[-1] != host:
            raise Problem(403, "csrf")

    def _device(self, request: Request, change: bool) -> str:
        """The device token of a request (and, for a change, its anti-forgery value)."""
        token = request.cookies.get(DEVICE_COOKIE, "")
        if not token or len(token) > 100 or self.room.device(token) is None:
            if not self.addresses.allow(self._client(request)):
                raise Problem(429, "too_many")
            raise Problem(401, "unknown_device")
        if not self.devices.allow(token):
            raise Problem(429, "too_many")
        if change:
            self._same_origin(request)
            if not self.room.check_csrf(token, request.headers.get("x-csrf-token", "")):
                raise Problem(403, "csrf")
        return token

    @staticmethod
    def _client(request: Request) -> str:
        return request.client.host if request.client else "?"

    def _page(self, template_name: str, lang: str, **values: Any) -> HTMLResponse:
        template = self.templates.get_template(template_name)
        html = template.render(t=lambda key, **v: t(key, lang, **v), lang=lang,
                               room=self.room.code, address=self.address, **values)
        response = HTMLResponse(html, headers=_PAGE_HEADERS)
        response.set_cookie(LANG_COOKIE, lang, max_age=86400 * 2, samesite="lax",
                            path=f"/{self.room.code}")
        return response

    def _config(self, token: str, lang: str) -> dict[str, Any]:
        """What the page script needs that does not change during the session: texts in the
        phone's language, the plan's measures and dimensions, the anti-forgery value."""
        session = self.room.session
        with self.room.lock:
            dimensions = [{"id": d.id, "name": d.name.get(lang),
                           "about": d.description.get(lang) if d.description else "",
                           "lens": t(f"ws.lens.{d.group.value}", lang)}
                          for d in session.dimensions]
            measures = {m.id: {"title": m.title.get(lang),
                               "description": m.description.get(lang)}
                        for m in session.measures}
            plan = session.plan.title.get(lang)
        strings = {key: t(f"web.{key}", lang) for key in (
            "saved", "saving", "not_saved", "submit", "submit_missing", "submitted",
            "progress", "revealed", "revealed_closed", "not_counted", "median", "spread",
            "wait_next", "finished", "offline", "online", "measure_of", "you", "choose",
            "yours")}
        strings.update({f"choice.{k}": t(f"web.choice.{k}", lang)
                        for k in ("-2", "-1", "0", "1", "2", "x")})
        return {"room": self.room.code, "base": f"/{self.room.code}", "lang": lang,
                "csrf": self.room.csrf(token), "plan": plan, "dimensions": dimensions,
                "measures": measures, "strings": strings}

    # ---------------------------------------------------------------- routes
    async def home(self, request: Request) -> Response:
        """The bare address without a room: say where to find the room's address."""
        lang = _lang(request)
        response = self._page("message.html.j2", lang, message=t("web.no_room", lang))
        response.status_code = 404
        return response

    async def room_page(self, request: Request) -> Response:
        """The phone's page: the rating page when this device joined, else the join form."""
        lang = _lang(request)
        try:
            self._room_code(request)
        except Problem:
            if not self.addresses.allow(self._client(request)):
                return Response(t("web.error.too_many", lang), status_code=429)
            response = self._page("message.html.j2", lang, message=t("web.no_room", lang))
            response.status_code = 404
            return response
        token = request.cookies.get(DEVICE_COOKIE, "")
        if token and len(token) <= 100 and self.room.device(token) is not None:
            config = json.dumps(self._config(token, lang), ensure_ascii=False)
            return self._page("phone.html.j2", lang,
                              config=config.replace("</", "<\\/"))
        return self._join_form(request, lang, error=None)

    def _join_form(self, request: Request, lang: str, error: str | None,
                   name: str = "", status: int = 200) -> Response:
        nonce = request.cookies.get(JOIN_COOKIE, "")
        if not (16 <= len(nonce) <= 64 and nonce.isalnum()):
            nonce = secrets.token_hex(16)
        response = self._page("join.html.j2", lang, nonce=nonce, error=error, name=name)
        response.status_code = status
        response.set_cookie(JOIN_COOKIE, nonce, httponly=True, samesite="lax",
                            path=f"/{self.room.code}", max_age=3600)
        return response

    async def join(self, request: Request) -> Response:
        """The join form sent: a device token for this phone, then its rating page."""
        lang = _lang(request)
        try:
            self._room_code(request)
            if not self.addresses.allow(self._client(request)):
                raise Problem(429, "too_many")
            self._same_origin(request)
            body = await self._body(request)
            form = _form(body)
            nonce = request.cookies.get(JOIN_COOKIE, "")
            if not nonce or not secrets.compare_digest(form.get("nonce", ""), nonce):
                raise Problem(403, "csrf")
            anonymous = "anonymous" in form
            name = None if anonymous else _clean_name(form.get("name", ""))
            device = await run_in_threadpool(self.room.join, name)
        except Problem as problem:
            if problem.code == "no_room":
                return self._page("message.html.j2", lang, message=t("web.no_room", lang))
            if problem.status == 400:
                return self._join_form(request, lang, t(f"web.error.{problem.code}", lang),
                                       status=400)
            return Response(t(f"web.error.{problem.code}", lang), status_code=problem.status)
        except RoomError as error:
            return self._join_form(request, lang, t(f"web.error.{error.code}", lang),
                                   status=409)
        response = RedirectResponse(f"/{self.room.code}", status_code=303)
        response.set_cookie(DEVICE_COOKIE, device.token, httponly=True, samesite="lax",
                            path=f"/{self.room.code}", max_age=86400 * 2)
        return response

    async def state(self, request: Request) -> Response:
        """What this device may see now (JSON)."""
        try:
            self._room_code(request)
            token = self._device(request, change=False)
        except Problem as problem:
            return self._error(request, problem)
        view = self.room.view(token)
        if view.get("figures"):  # the one notation of screen, phones and report
            lang = _lang(request)
            with self.room.lock:
                for figure in view["figures"]:
                    agg = self.room.session.aggregate(view["measure"], figure["dimension"])
                    figure.update(median_text=median_text(agg),
                                  spread_text=spread_text(agg, lang), mark=mark(agg, lang))
        return JSONResponse(view, headers={"Cache-Control": "no-store"})

    async def _change(self, request: Request) -> tuple[str, dict[str, Any]]:
        self._room_code(request)
        token = self._device(request, change=True)
        body = await self._body(request)
        try:
            data = json.loads(body or b"null")
        except (ValueError, UnicodeDecodeError):
            raise Problem(400, "bad_request") from None
        if not isinstance(data, dict):
            raise Problem(400, "bad_request")
        return token, data

    async def rate(self, request: Request) -> Response:
        """One rating; answered only once it is on disk."""
        try:
            token, data = await self._change(request)
            measure = _identifier(data.get("measure"))
            dimension = _identifier(data.get("dimension"))
            if "value" not in data:
                raise Problem(400, "bad_value")
            value = _rating(data.get("value"))
            await run_in_threadpool(self.room.rate, token, measure, dimension, value)
        except Problem as problem:
            return self._error(request, problem)
        except RoomError as error:
            return self._error(request, Problem(409, error.code))
        return JSONResponse({"saved": True, "measure": measure, "dimension": dimension,
                             "value": value}, headers={"Cache-Control": "no-store"})

    async def submit(self, request: Request) -> Response:
        """Hand in this device's ratings of the current measure."""
        try:
            token, data = await self._change(request)
            measure = _identifier(data.get("measure"))
            await run_in_threadpool(self.room.submit, token, measure)
        except Problem as problem:
            return self._error(request, problem)
        except RoomError as error:
            return self._error(request, Problem(409, error.code))
        return JSONResponse({"submitted": True, "measure": measure},
                            headers={"Cache-Control": "no-store"})

    async def events(self, request: Request) -> Response:
        """Server-sent events: the room's version now and whenever it changes."""
        try:
            self._room_code(request)
            self._device(request, change=False)
        except Problem as problem:
            return self._error(request, problem)

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


_PAGE_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' data:; connect-src 'self'; "
                                "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _form(body: bytes) -> dict[str, str]:
    """A urlencoded form body; a malformed one is a 400 with a sentence."""
    from urllib.parse import parse_qs
    try:
        text = body.decode("utf-8")
        parsed = parse_qs(text, keep_blank_values=True, max_num_fields=10, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        raise Problem(400, "bad_request") from None
    return {key: values[0] for key, values in parsed.items()}


def create_app(room: Room, address: str, **limits: float) -> Starlette:
    """The Starlette app serving `room`; `address` is what the pages say they are."""
    web = WebRoom(room, address, **limits)
    app = Starlette(routes=[
        Route("/", web.home),
        Mount("/static", StaticFiles(directory=str(_FOLDER / "static")), name="static"),
        Route("/{code}", web.room_page),
        Route("/{code}/join", web.join, methods=["POST"]),
        Route("/{code}/api/state", web.state),
        Route("/{code}/api/rate", web.rate, methods=["POST"]),
        Route("/{code}/api/submit", web.submit, methods=["POST"]),
        Route("/{code}/api/events", web.events),
    ])
    app.state.web = web
    return app
