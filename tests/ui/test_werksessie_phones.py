"""The shared screen of a werksessie with phones: QR code and address, who is done (never what
they chose), the facilitator closing a round, laptop raters mixed with phones — driven through
the real window and the real web server on loopback."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pygame
import segno

from morgenmaken.table.room import Room
from morgenmaken.table.werksessie_store import SessionStore
from morgenmaken.ui.scenes import ws_common
from morgenmaken.ui.scenes.ws_common import WsRun, route, serve
from morgenmaken.ui.scenes.ws_room import qr_surface
from morgenmaken.web.server import RoomServer
from morgenmaken.werksessie.session import new_session
from tests.ui.driver import click, make_app, pump, visible_text
from tests.web.conftest import small_plan


def loopback(room: Room) -> RoomServer:
    """The server as the window starts it, but on this machine only (tests)."""
    return RoomServer(room, port=0).start()


def join(base: str, name: str) -> tuple[httpx.Client, str]:
    root, code = base.rsplit("/", 1)
    client = httpx.Client(base_url=root)
    form = client.get(f"/{code}")
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', form.text)
    assert nonce is not None
    page = client.post(f"/{code}/join", data={"name": name, "nonce": nonce.group(1)},
                       follow_redirects=True)
    csrf = re.search(r'"csrf": "([0-9a-f]+)"', page.text)
    assert csrf is not None
    return client, csrf.group(1)


def rate_all(client: httpx.Client, code: str, csrf: str, value: int | None) -> None:
    for dimension in ("d1", "d2", "d3"):
        reply = client.post(f"/{code}/api/rate", headers={"X-CSRF-Token": csrf},
                            json={"measure": "m1", "dimension": dimension, "value": value})
        assert reply.status_code == 200, reply.text
    reply = client.post(f"/{code}/api/submit", headers={"X-CSRF-Token": csrf},
                        json={"measure": "m1"})
    assert reply.status_code == 200, reply.text


def wait_for(app, test, limit: int = 200) -> None:  # type: ignore[no-untyped-def]
    """Run the window's loop until `test()` holds (bounded; the screen polls the room)."""
    for _ in range(limit):
        if test():
            return
        pump(app, 1)
        pygame.time.wait(20)
    assert test()


def start(app, laptop: list[str]) -> WsRun:  # type: ignore[no-untyped-def]
    store = SessionStore()
    session = new_session(small_plan(), laptop, phones=True)
    run = WsRun(session, store, room=Room.create(session, store.room_path))
    assert serve(app, run) is None
    run.save()
    app.switch(route(app, run))
    pump(app, 2)
    return run


def test_qr_address_progress_and_closing_the_round(tmp_path: Path) -> None:
    app = make_app((1280, 800), serve=loopback)
    try:
        run = start(app, [])
        assert run.serving is not None
        info = app.scene.info()
        assert info["scene"] == "ws_room" and info["url"] == run.serving.url
        text = visible_text(app)
        assert run.serving.url.split("://")[1] in text and "0 van 0 klaar" in text
        # the picture is the QR code of exactly that address
        matrix = segno.make(run.serving.url, error="m").matrix
        surface = qr_surface(run.serving.url, 400)
        scale = surface.get_width() // (len(matrix) + 8)
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                pixel = surface.get_at(((x + 4) * scale, (y + 4) * scale))
                assert (pixel.r == 0) == bool(dark)
        anna, csrf_a = join(run.serving.url, "Anna")
        bram, _ = join(run.serving.url, "Bram")
        code = run.room.code  # type: ignore[union-attr]
        rate_all(anna, code, csrf_a, 2)
        wait_for(app, lambda: app.scene.info().get("done") == ["Anna"])
        text = visible_text(app)
        assert "1 van 2 klaar" in text and "Klaar (1):</b> Anna" in text
        assert "Nog bezig (1):</b> Bram" in text
        assert "++" not in text  # who is done, never what they chose
        if os.environ.get("MORGENMAKEN_SHOTS"):
            pygame.image.save(app.screen, os.path.join(os.environ["MORGENMAKEN_SHOTS"],
                                                       "shared-room.png"))
        click(app, "reveal")  # the facilitator closes the round: Bram's ratings are left out
        assert app.scene.info()["scene"] == "ws_reveal"
        assert run.session.raters("m1") == ["Anna"]
        assert Room.open(run.store.room_path).session.raters("m1") == ["Anna"]
        anna.close()
        bram.close()
    finally:
        ws_common.release()


def test_laptop_raters_go_first_then_the_phones_screen(tmp_path: Path) -> None:
    app = make_app((1280, 800), serve=loopback)
    try:
        run = start(app, ["Lea"])
        phone, csrf = join(run.serving.url, "Anna")  # type: ignore[union-attr]
        app.switch(route(app, run))
        pump(app, 2)
        assert app.scene.info()["scene"] == "ws_rate"
        assert app.scene.info()["participant"] == "Lea"
        for dimension in ("d1", "d2", "d3"):
            click(app, f"rate:{dimension}:-1")
        click(app, "done")
        assert app.scene.info()["scene"] == "ws_room"  # Lea done; Anna still on her phone
        rate_all(phone, run.room.code, csrf, 1)  # type: ignore[union-attr]
        wait_for(app, lambda: app.scene.info()["scene"] == "ws_reveal")
        assert run.session.raters("m1") == ["Lea", "Anna"]
        phone.close()
    finally:
        ws_common.release()
