"""The calm screen after an unexpected error: what happened, that the game is safe, what next.

Players never see a traceback; the details are in the log file, whose place is shown for the
facilitator.
"""

from __future__ import annotations

import pygame

from morgenmaken.table.store import log_file
from morgenmaken.ui.scenes.base import Scene


class ErrorScene(Scene):
    """Something went wrong; the save is kept."""

    name = "error"

    def build(self) -> None:
        """Message, where the details are, and the way back."""
        lay = self.layout
        column = lay.centre_column(36)
        y = lay.u(5)
        self.label(pygame.Rect(column.x, y, column.width, lay.u(2)), self.t("error_title"),
                   object_id="heading")
        y += lay.u(3)
        saved = self.app.session is not None
        body = self.t("error_body") + "<br><br>" + (self.t("error_saved") if saved else "")
        from morgenmaken.table.werksessie_store import SessionStore
        if SessionStore().exists():  # autosaved after every rating: say where to pick it up
            body += ("<br>" if saved else "") + self.t("ws.error_saved")
        body += "<br>" + self.t("error_log", path=str(log_file()))
        box = self.text_box(pygame.Rect(column.x, y, column.width, -1), body)
        y = box.rect.bottom + lay.u(1.5)
        self.button("title", pygame.Rect(column.x, y, column.width, lay.row),
                    self.t("to_title"), self.to_title, object_id="primary")
        y += lay.row + lay.gap * 2
        self.button("quit", pygame.Rect(column.x, y, column.width, lay.row), self.t("quit"),
                    self.app.quit)
        self.default_key = "title"

    def to_title(self) -> None:
        """Back to the title screen, where the saved game can be resumed."""
        from morgenmaken.ui.scenes.title import TitleScene
        self.app.session = None
        self.app.switch(TitleScene(self.app))
