"""The shared screen while the room rates on its phones: the QR code and short address to join,
who has handed in the current measure — never what anyone chose — and the facilitator's
"close the round" for when someone will not finish.

The room (the table layer) changes under this screen from the web server's thread; the scene
looks a few times a second at *who is done* (names only, taken under the room's lock) and
rebuilds only when that changed, so 40 phones rating do not cost the shared screen frames.
When the last one hands in, the room reveals by itself and this screen moves on to the reveal.
"""

from __future__ import annotations

from html import escape

import pygame
import segno

from morgenmaken.ui.scenes.review import fit_text
from morgenmaken.ui.scenes.ws_common import WsScene, route

#: How often the screen looks whether someone joined or handed in (milliseconds).
POLL_MS = 250


def qr_surface(url: str, side: int) -> pygame.Surface:
    """The QR code of `url` as a square picture `side` pixels wide (dark on white, with the
    quiet zone scanners need), drawn from segno's module matrix."""
    code = segno.make(url, error="m")
    matrix = code.matrix
    border = 4
    count = len(matrix) + 2 * border
    scale = max(1, side // count)
    surface = pygame.Surface((count * scale, count * scale))
    surface.fill((255, 255, 255))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                surface.fill((0, 0, 0), ((x + border) * scale, (y + border) * scale,
                                         scale, scale))
    return surface


class WsRoomScene(WsScene):
    """Join code, address and progress of the current measure while phones rate."""

    name = "ws_room"

    def __init__(self, app, run) -> None:  # type: ignore[no-untyped-def]
        super().__init__(app, run)
        self.seen: tuple[tuple[str, ...], tuple[str, ...]] | None = None
        self.problem: str | None = None
        self._since = 0.0

    def build(self) -> None:
        """QR code and address on the left, who is done on the right, actions below."""
        lay = self.layout
        m = lay.margin
        room = self.run.room
        assert room is not None
        if self.run.serving is None:
            from morgenmaken.ui.scenes.ws_common import serve
            self.problem = serve(self.app, self.run)
        y = self.heading(self.measure_header())
        bottom = lay.height - m - lay.row - lay.gap
        done, waiting = room.progress()
        self.seen = (tuple(done), tuple(waiting))
        side = min(bottom - y - 2 * lay.line - lay.gap * 2, (lay.width - 2 * m) // 2)
        url = self.run.serving.url if self.run.serving is not None else ""
        if url:
            self.image(pygame.Rect(m, y, side, side), qr_surface(url, side))
            self.label(pygame.Rect(m, y + side + lay.gap, side, lay.line),
                       fit_text(url.split("://", 1)[-1], side - 4, lay.body, True),
                       object_id="strong")  # the short address, to type
            self.label(pygame.Rect(m, y + side + lay.gap + lay.line, side, lay.line),
                       fit_text(self.t("ws.room.scan"), side - 4, lay.body), object_id="dim")
        else:
            self.text_box(pygame.Rect(m, y, side, side),
                          f"<b>{escape(self.problem or self.t('ws.room.no_server'))}</b>")
        x = m + side + lay.u(1)
        width = lay.width - m - x
        total = len(done) + len(waiting)
        self.label(pygame.Rect(x, y, width, lay.u(2)),
                   fit_text(self.t("ws.room.done", done=len(done), total=total), width - 4,
                            lay.heading, True), object_id="heading")
        if done or waiting:
            people = (f"<b>{escape(self.t('ws.room.done_list', count=len(done)))}</b> "
                      + escape(", ".join(done)) + "<br><br>"
                      f"<b>{escape(self.t('ws.room.busy_list', count=len(waiting)))}</b> "
                      + escape(", ".join(waiting)))
        else:
            people = escape(self.t("ws.room.nobody"))
        intro = escape(self.t("ws.room.intro"))
        self.text_box(pygame.Rect(x, y + lay.u(2.2), width, bottom - y - lay.u(2.2)),
                      f"{intro}<br><br>{people}")
        self.bottom_buttons([("back", self.t("ws.to_menu"), self.back, False),
                             ("plan", self.t("ws.plan_profile"), self.open_plan, False),
                             ("reveal", self.t("ws.room.reveal"),
                              self.reveal if done else None, True)])
        self.default_key = "reveal" if done else "back"

    def update(self, dt: float) -> None:
        """A few times a second: has anyone joined or handed in, or is the round revealed?"""
        self._since += dt
        if self._since * 1000 < POLL_MS:
            return
        self._since = 0.0
        room = self.run.room
        if room is None:
            return
        measure = self.session.current()
        if measure is None or self.session.revealed(measure.id):
            self.app.switch(route(self.app, self.run))
            return
        done, waiting = room.progress()
        if (tuple(done), tuple(waiting)) != self.seen:
            self.rebuild()

    def wakeup_ms(self) -> int | None:
        """Wake to look at the room even when nobody touches the laptop."""
        return POLL_MS

    def reveal(self) -> None:
        """Close the round: show the ratings of whoever handed in (the facilitator's call)."""
        measure = self.session.current()
        room = self.run.room
        if measure is None or room is None:
            return
        room.reveal(measure.id)
        self.run.save()
        self.app.switch(route(self.app, self.run))

    def open_plan(self) -> None:
        """The plan profile so far (and back here from it)."""
        from morgenmaken.ui.scenes.ws_plan import WsPlanScene
        self.app.switch(WsPlanScene(self.app, self.run))

    def view_name(self) -> str:
        """One screenshot per measure and count of those done."""
        done = len(self.seen[0]) if self.seen else 0
        return f"ws-room-{self.measure_id}-{done}"

    def info(self) -> dict[str, object]:
        """Who is done and who not (names only), and the address shown."""
        done, waiting = self.seen or ((), ())
        return {"scene": self.name, "measure": self.measure_id, "done": list(done),
                "waiting": list(waiting),
                "url": self.run.serving.url if self.run.serving is not None else None}
