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

import json
from collections.abc import Callable
from functools import partial
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from morgenmaken.i18n import t
from morgenmaken.table.room import Device, Room, RoomError
from morgenmaken.web.common import (
    DEVICE_COOKIE,
    MAX_BODY,
    DeviceApp,
    Problem,
    clean_name,
    device_routes,
    identifier,
    page_lang,
)
from morgenmaken.werksessie.aggregate import SCALE
from morgenmaken.werksessie.notation import mark, median_text, spread_text

__all__ = ["DEVICE_COOKIE", "MAX_BODY", "WebRoom", "create_app"]


def _rating(raw: object) -> int | None:
    """A rating from JSON: null (weet niet) or an integer on the scale — not a bool, not
    a float, not text."""
    if raw is None:
        return None
    if type(raw) is not int or raw not in SCALE:
        raise Problem(400, "bad_value")
    return raw


class WebRoom(DeviceApp):
    """The app for one werksessie room: the rating page and its API."""

    room: Room

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
    async def room_page(self, request: Request) -> Response:
        """The phone's page: the rating page when this device joined, else the join form."""
        lang = page_lang(request)
        try:
            self.check_code(request)
        except Problem:
            return self.not_here(request)
        token = self.known_device(request)
        if token is not None:
            config = json.dumps(self._config(token, lang), ensure_ascii=False)
            return self.page("phone.html.j2", lang, config=config.replace("</", "<\\/"))
        return self.join_form(request, lang, error=None)

    def join_form(self, request: Request, lang: str, error: str | None,
                  status: int = 200) -> Response:
        """The name form (or 'anonymous')."""
        nonce = self.join_nonce(request)
        response = self.page("join.html.j2", lang, nonce=nonce, error=error, name="")
        response.status_code = status
        return self.set_nonce(response, nonce)

    def joined(self, fields: dict[str, str]) -> Callable[[], Device]:
        """Join under the typed name, or anonymously."""
        name = None if "anonymous" in fields else clean_name(fields.get("name", ""))
        return partial(self.room.join, name)

    async def state(self, request: Request) -> Response:
        """What this device may see now (JSON)."""
        try:
            self.check_code(request)
            token = self.check_device(request, change=False)
        except Problem as problem:
            return self.error(request, problem)
        view = self.room.view(token)
        if view.get("figures"):  # the one notation of screen, phones and report
            lang = page_lang(request)
            with self.room.lock:
                for figure in view["figures"]:
                    agg = self.room.session.aggregate(view["measure"], figure["dimension"])
                    figure.update(median_text=median_text(agg),
                                  spread_text=spread_text(agg, lang), mark=mark(agg, lang))
        return JSONResponse(view, headers={"Cache-Control": "no-store"})

    async def rate(self, request: Request) -> Response:
        """One rating; answered only once it is on disk."""
        try:
            token, data = await self.change(request)
            measure = identifier(data.get("measure"))
            dimension = identifier(data.get("dimension"))
            if "value" not in data:
                raise Problem(400, "bad_value")
            value = _rating(data.get("value"))
            await run_in_threadpool(self.room.rate, token, measure, dimension, value)
        except Problem as problem:
            return self.error(request, problem)
        except RoomError as error:
            return self.error(request, Problem(409, error.code))
        return JSONResponse({"saved": True, "measure": measure, "dimension": dimension,
                             "value": value}, headers={"Cache-Control": "no-store"})

    async def submit(self, request: Request) -> Response:
        """Hand in this device's ratings of the current measure."""
        try:
            token, data = await self.change(request)
            measure = identifier(data.get("measure"))
            await run_in_threadpool(self.room.submit, token, measure)
        except Problem as problem:
            return self.error(request, problem)
        except RoomError as error:
            return self.error(request, Problem(409, error.code))
        return JSONResponse({"submitted": True, "measure": measure},
                            headers={"Cache-Control": "no-store"})



def create_app(room: Room, address: str, **limits: float) -> Starlette:
    """The Starlette app serving `room`; `address` is what the pages say they are."""
    web = WebRoom(room, address, **limits)
    app = Starlette(routes=device_routes(
        web,
        Route("/{code}/api/rate", web.rate, methods=["POST"]),
        Route("/{code}/api/submit", web.submit, methods=["POST"])))
    app.state.web = web
    return app
