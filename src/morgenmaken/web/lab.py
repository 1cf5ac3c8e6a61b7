"""The LAB hub's web side: the tables' protocol and the facilitator's live page.

A Starlette app over one :class:`~morgenmaken.table.lab.Hub` (the table layer), served by
uvicorn on the room's network (:class:`LabServer`). Two kinds of callers:

* **tables** speak the JSON protocol of docs/lab-protocol.md: ``POST /<code>/lab/v1/join``
  gives a table its token, ``POST /<code>/lab/v1/save`` with ``Authorization: Bearer <token>``
  hands in its whole save. Every request names the protocol version; bodies are limited in
  size, fields checked for type and length, and a refusal is ``{"protocol", "error",
  "message"}`` with a sentence in Dutch or English — never a traceback;
* **the facilitator** opens ``/<code>``: every table live (server-sent events say "something
  changed", the page fetches ``/<code>/lab/v1/tables``), and a button that writes the
  comparison sheet — allowed only from the hub's own machine, so a table cannot trigger it.

A wrong hub code is a 404 and guessing is slowed per address; without the code a stranger on
the same Wi-Fi gets nothing. The hub never sends anything to a table but its receipts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from morgenmaken.i18n import LANGUAGES, t
from morgenmaken.storage import UnreadableFile, parse_json_message
from morgenmaken.table.lab import PROTOCOL, Hub, LabError, summary
from morgenmaken.web.common import (
    FOLDER,
    PAGE_HEADERS,
    Limiter,
    Problem,
    clean_name,
    client_of,
    page_lang,
    page_templates,
    read_body,
    same_origin,
)

log = logging.getLogger(__name__)

#: Largest save a table may send (a whole game is 3 to 10 kB).
MAX_SAVE_BODY = 256 * 1024
#: Largest join request.
MAX_JOIN_BODY = 1024
STREAM_SECONDS = 45.0
STREAM_POLL = 0.25
#: Writes the comparison sheet from the hub's games; returns the files written. The command
#: passes it in (the report layer is another client, never imported here).
Sheet = Callable[[Hub, str], list[Path]]


def _problem(status: int, code: str) -> Problem:
    return Problem(status, code)


class LabApp:
    """The routes of one hub."""

    def __init__(self, hub: Hub, address: str, sheet: Sheet | None = None,
                 table_burst: float = 30, table_rate: float = 10,
                 address_burst: float = 40, address_rate: float = 2) -> None:
        self.hub = hub
        self.address = address
        self.sheet = sheet
        self.tables = Limiter(table_burst, table_rate)
        self.addresses = Limiter(address_burst, address_rate)
        self.templates = page_templates()
        self.stopping = False
        self._sheet_lock = threading.Lock()

    # ---------------------------------------------------------------- helpers
    @staticmethod
    def _lang(request: Request) -> str:
        asked = request.query_params.get("lang") or request.headers.get("x-lab-lang", "")
        return asked if asked in LANGUAGES else page_lang(request)

    def _error(self, request: Request, problem: Problem, **extra: Any) -> Response:
        lang = self._lang(request)
        body = {"protocol": PROTOCOL, "error": problem.code,
                "message": t(f"lab.error.{problem.code}", lang), **extra}
        return JSONResponse(body, status_code=problem.status,
                            headers={"Cache-Control": "no-store"})

    def _code(self, request: Request) -> None:
        code = str(request.path_params.get("code", ""))
        if not secrets.compare_digest(code.upper(), self.hub.code):
            if not self.addresses.allow(client_of(request)):
                raise _problem(429, "too_many")
            raise _problem(404, "no_hub")

    def _token(self, request: Request) -> str:
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header[:7].lower() == "bearer " else ""
        if not token or len(token) > 100 or self.hub.table_of(token) is None:
            if not self.addresses.allow(client_of(request)):
                raise _problem(429, "too_many")
            raise _problem(401, "unknown_table")
        if not self.tables.allow(token):
            raise _problem(429, "too_many")
        return token

    @staticmethod
    async def _json(request: Request, limit: int) -> dict[str, Any]:
        if "json" not in request.headers.get("content-type", "application/json"):
            raise _problem(415, "not_json")
        body = await read_body(request, limit)
        try:
            data = parse_json_message(body or b"null", "<message>")
        except UnreadableFile:  # bad UTF-8 or syntax, endless numbers, nesting too deep
            raise _problem(400, "not_json") from None
        if not isinstance(data, dict):
            raise _problem(400, "not_json")
        version = data.get("protocol")
        if type(version) is not int:
            raise _problem(400, "no_version")
        if version != PROTOCOL:
            raise _problem(426, "version")
        return data

    # ---------------------------------------------------------------- the tables
    async def join(self, request: Request) -> Response:
        """A table joins: its token and its name in the room."""
        try:
            self._code(request)
            if not self.addresses.allow(client_of(request)):
                raise _problem(429, "too_many")
            data = await self._json(request, MAX_JOIN_BODY)
            try:
                name = clean_name(data.get("table"))
            except Problem:
                raise _problem(400, "bad_table_name") from None
            token, unique = await run_in_threadpool(self.hub.join, name)
        except Problem as problem:
            return self._version_error(request, problem)
        except LabError as error:
            return self._error(request, _problem(409, error.code))
        return JSONResponse({"protocol": PROTOCOL, "token": token, "table": unique},
                            status_code=201, headers={"Cache-Control": "no-store"})

    async def save(self, request: Request) -> Response:
        """A table's whole save: replayed, kept, acknowledged."""
        try:
            self._code(request)
            token = self._token(request)
            data = await self._json(request, MAX_SAVE_BODY)
            seq, document = data.get("seq"), data.get("save")
            if type(seq) is not int or not 0 < seq < 2**53:
                raise _problem(400, "bad_seq")
            if not isinstance(document, dict):
                raise _problem(400, "no_save")
            receipt = await run_in_threadpool(self.hub.receive, token, seq, document)
        except Problem as problem:
            return self._version_error(request, problem)
        except LabError as error:
            status = 401 if error.code == "unknown_table" else 422
            return self._error(request, _problem(status, error.code), detail=str(error)[:300])
        return JSONResponse({"protocol": PROTOCOL, "stored": receipt.stored,
                             "seq": receipt.seq, "round": receipt.round},
                            headers={"Cache-Control": "no-store"})

    def _version_error(self, request: Request, problem: Problem) -> Response:
        if problem.code == "version":
            return self._error(request, problem, supported=[PROTOCOL])
        return self._error(request, problem)

    # ---------------------------------------------------------------- the facilitator
    async def page(self, request: Request) -> Response:
        """The live view of every table."""
        lang = page_lang(request)
        try:
            self._code(request)
        except Problem as problem:
            if problem.status == 429:
                return Response(t("lab.error.too_many", lang), status_code=429)
            return self._message(lang, t("lab.error.no_hub", lang), 404)
        strings = {key: t(f"lab.page.{key}", lang) for key in (
            "table", "team", "round", "score", "weakest", "last", "seen", "waiting",
            "finished", "won", "lost", "playing", "none", "sheet", "sheet_done",
            "sheet_failed", "offline", "online", "ago_s", "ago_m", "no_tables", "short")}
        config = json.dumps({"base": f"/{self.hub.code}", "lang": lang,
                             "strings": strings, "local": _is_local(request)},
                            ensure_ascii=False).replace("</", "<\\/")
        template = self.templates.get_template("lab.html.j2")
        html = template.render(t=lambda key, **v: t(key, lang, **v), lang=lang,
                               code=self.hub.code, url=f"{self.address}/{self.hub.code}",
                               config=config, local=_is_local(request))
        return HTMLResponse(html, headers=PAGE_HEADERS)

    def _message(self, lang: str, message: str, status: int) -> Response:
        template = self.templates.get_template("message.html.j2")
        html = template.render(t=lambda key, **v: t(key, lang, **v), lang=lang, room="",
                               address=self.address, message=message)
        return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)

    async def table_list(self, request: Request) -> Response:
        """Every table as the page shows it (JSON)."""
        try:
            self._code(request)
        except Problem as problem:
            return self._error(request, problem)
        lang = page_lang(request)
        rows = await run_in_threadpool(lambda: [summary(v, lang) for v in self.hub.tables()])
        return JSONResponse({"protocol": PROTOCOL, "version": self.hub.version,
                             "now": time.time(), "tables": rows},
                            headers={"Cache-Control": "no-store"})

    async def write_sheet(self, request: Request) -> Response:
        """Write the comparison sheet (only from the hub's own machine)."""
        try:
            self._code(request)
            same_origin(request)
            if not _is_local(request) or request.headers.get("x-lab-page") != "1":
                raise _problem(403, "not_here")
            if self.sheet is None:
                raise _problem(404, "no_sheet")
            lang = page_lang(request)
            paths = await run_in_threadpool(self._write_sheet, lang)
        except Problem as problem:
            return self._error(request, problem)
        except (OSError, LabError, ValueError) as error:
            log.exception("the comparison sheet could not be written")
            return self._error(request, _problem(500, "sheet_failed"), detail=str(error)[:300])
        return JSONResponse({"protocol": PROTOCOL, "written": [str(p) for p in paths]},
                            headers={"Cache-Control": "no-store"})

    def _write_sheet(self, lang: str) -> list[Path]:
        assert self.sheet is not None
        with self._sheet_lock:
            return self.sheet(self.hub, lang)

    async def events(self, request: Request) -> Response:
        """Server-sent events: the hub's version now and whenever it changes."""
        try:
            self._code(request)
        except Problem as problem:
            return self._error(request, problem)

        async def stream() -> AsyncIterator[str]:
            yield "retry: 1500\n\n"
            seen = -1
            ends = time.monotonic() + STREAM_SECONDS
            while not self.stopping and time.monotonic() < ends:
                if self.hub.version != seen:
                    seen = self.hub.version
                    yield f"data: {seen}\n\n"
                await asyncio.sleep(STREAM_POLL)
                if await request.is_disconnected():
                    break

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store",
                                          "X-Accel-Buffering": "no"})

    async def home(self, request: Request) -> Response:
        """The bare address: say that the hub's address has a code."""
        lang = page_lang(request)
        return self._message(lang, t("lab.error.no_hub", lang), 404)


def _is_local(request: Request) -> bool:
    """Whether the request comes from the hub's own machine: over loopback, or over the
    room's network to this machine's own address (the facilitator opening the address the
    hub printed), where the caller's address is the one it called."""
    host = client_of(request)
    if host in ("127.0.0.1", "::1", "testclient"):
        return True
    server = request.scope.get("server")
    return bool(server) and host == server[0]


def create_lab_app(hub: Hub, address: str, sheet: Sheet | None = None,
                   **limits: float) -> Starlette:
    """The Starlette app of `hub`; `address` is what the page says the hub is at."""
    web = LabApp(hub, address, sheet, **limits)
    app = Starlette(routes=[
        Route("/", web.home),
        Mount("/static", StaticFiles(directory=str(FOLDER / "static")), name="static"),
        Route("/{code}", web.page),
        Route("/{code}/lab/v1/join", web.join, methods=["POST"]),
        Route("/{code}/lab/v1/save", web.save, methods=["POST"]),
        Route("/{code}/lab/v1/tables", web.table_list),
        Route("/{code}/lab/v1/events", web.events),
        Route("/{code}/lab/v1/sheet", web.write_sheet, methods=["POST"]),
    ])
    app.state.web = web
    return app


class LabServer:
    """The hub served by uvicorn in a background thread; :meth:`stop` ends it."""

    def __init__(self, hub: Hub, host: str = "0.0.0.0", port: int | None = None,
                 shown: str | None = None, sheet: Sheet | None = None) -> None:
        from morgenmaken.web.server import free_port, lan_address

        self.hub = hub
        self.port = free_port("127.0.0.1" if host == "127.0.0.1" else host,
                              port if port is not None else hub.port)
        if self.port != hub.port:
            hub.keep_port(self.port)
        shown = shown or (lan_address() if host != "127.0.0.1" else "127.0.0.1")
        #: ``http://192.168.1.5:8770``: what the tables are told.
        self.address = f"http://{shown}:{self.port}"
        self.app = create_lab_app(hub, self.address, sheet)
        config = uvicorn.Config(self.app, host=host, port=self.port, log_level="warning",
                                access_log=False, lifespan="off",
                                timeout_graceful_shutdown=2, ws="none")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="morgenmaken-lab",
                                        daemon=True)

    @property
    def url(self) -> str:
        """The hub's address with its code: what tables pass to ``play --lab``."""
        return f"{self.address}/{self.hub.code}"

    def start(self, wait: float = 10.0) -> LabServer:
        """Start serving; returns once the server accepts connections (or raises)."""
        self._thread.start()
        ends = time.monotonic() + wait
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > ends:
                raise OSError(f"the LAB hub did not start on port {self.port}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        """Stop serving (open event streams are told to end first)."""
        self.app.state.web.stopping = True
        self._server.should_exit = True
        with contextlib.suppress(RuntimeError):
            self._thread.join(timeout=5)
