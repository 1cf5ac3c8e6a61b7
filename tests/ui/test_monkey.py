"""A monkey at the projector: tens of thousands of random clicks, keys and resizes raise nothing.

The app's own loop runs without its guard here, so any exception fails the test; the error scene
must never appear either. When the monkey presses "Afsluiten" the game is started again, which
also exercises resuming from the autosave.
"""

from __future__ import annotations

import random

import pygame

from morgenmaken.ui.scenes.error import ErrorScene
from tests.ui.driver import make_app

EVENTS = 20_000
KEYS = [pygame.K_TAB, pygame.K_RETURN, pygame.K_SPACE, pygame.K_ESCAPE, pygame.K_UP,
        pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_BACKSPACE, pygame.K_PAGEUP,
        pygame.K_PAGEDOWN, pygame.K_p, pygame.K_t, pygame.K_z, pygame.K_j, pygame.K_n,
        pygame.K_a, pygame.K_F11, *range(pygame.K_0, pygame.K_9 + 1)]
SIZES = [(1024, 768), (1280, 800), (1152, 864), (1366, 768)]  # big sizes: test_layout


def test_random_input_never_raises() -> None:
    rng = random.Random(20260)
    app = make_app((1280, 800), seed=1)
    restarts = resizes = 0
    for n in range(EVENTS):
        if not app.running:
            restarts += 1
            app = make_app(rng.choice(SIZES), seed=rng.randrange(100))
        width, height = app.screen.get_size()
        roll = rng.random()
        if roll < 0.40:
            pos = (rng.randrange(width), rng.randrange(height))
            button = rng.choice((1, 1, 1, 3))
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                                 buttons=(0, 0, 0)))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
        elif roll < 0.46 and app.scene is not None and app.scene.keys:
            widget = rng.choice(list(app.scene.keys.values()))
            pos = widget.rect.center
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
        elif roll < 0.90:
            key = rng.choice(KEYS)
            mod = rng.choice((0, 0, 0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL))
            char = chr(key) if 32 <= key < 127 else ""
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod,
                                                 unicode=char, scancode=0))
            pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod,
                                                 unicode=char, scancode=0))
        elif roll < 0.95:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT,
                                                 text=rng.choice("abcé €1 ")))
        elif roll < 0.99:
            pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice((-1, 1)),
                                                 flipped=False, precise_x=0.0,
                                                 precise_y=0.0))
        elif roll < 0.996:
            resizes += 1
            size = rng.choice(SIZES)
            pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1],
                                                 size=size))
        else:
            pygame.event.post(pygame.event.Event(pygame.QUIT))
        if n % 5 == 0:
            app.tick()
            assert not isinstance(app.scene, ErrorScene)
    app.tick()
    assert restarts + resizes > 10


def test_tiny_and_huge_window_sizes_are_clamped() -> None:
    """A window manager keeps the window at its minimum, the headless driver does not: the
    game clamps every size itself, so 1x1 or 320x240 (or a 20000-pixel request) never breaks
    the layout, and the monkey still clicks without an error."""
    from morgenmaken.ui.layout import MAX_SIZE, MIN_SIZE

    rng = random.Random(11)
    app = make_app((320, 240), seed=2)
    assert app.screen.get_size() == MIN_SIZE
    for size in [(1, 1), (320, 240), (0, 5000), (20_000, 15_000), (1023, 767)]:
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1],
                                             size=size))
        app.tick()
        width, height = app.screen.get_size()
        assert MIN_SIZE[0] <= width <= MAX_SIZE[0] and MIN_SIZE[1] <= height <= MAX_SIZE[1]
        for _ in range(8 if width < 2000 else 2):  # an 8K frame is slow to draw
            if app.scene is not None and app.scene.keys and rng.random() < 0.5:
                pos = rng.choice(list(app.scene.keys.values())).rect.center
            else:
                pos = (rng.randrange(width), rng.randrange(height))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
            app.tick()
            assert not isinstance(app.scene, ErrorScene)
            if not app.running:
                app = make_app((1, 1), seed=3)
