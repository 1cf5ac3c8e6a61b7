"""The game's few sounds, with one switch for all of them.

A sound marks what a room must not miss when nobody is looking at the screen: a value that
crossed its warning or critical line, the end of a phase's time, a card adopted. The files are
synthesised by ``assets/sounds/make_sounds.py`` (made here, nothing to license) and loaded only
through :func:`sound_path`, so they work from a checkout and from an installed wheel.

Sound starts **on**, at a modest volume: the issue asks that danger gets a sound and that it
"starts at a volume fit for a room", and a banner nobody hears on a first game is the problem
it came to fix. The files peak at about −12 dBFS and the mixer plays them at
:data:`VOLUME`, so a laptop or a projector at its usual setting is heard over a discussion
without startling anyone; a facilitator in a quiet training room switches all of it off with
one key (S) or the button in the top bar. No audio device (a server, ``SDL_AUDIODRIVER=dummy``
when the dummy is missing, a broken driver) means silence, never an error: :attr:`Sounds.played`
still records what would have sounded, which is what the tests look at.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

import pygame

log = logging.getLogger("morgenmaken.ui")

#: The sounds the game knows (file ``<name>.wav`` under assets/sounds).
NAMES = ("warning", "critical", "timer_end", "adopt")
#: Mixer volume for every sound (0–1): modest, heard over talk, never a shock.
VOLUME = 0.55


def sound_path(name: str) -> Path:
    """The path of a bundled sound file."""
    return Path(str(resources.files("morgenmaken") / "assets" / "sounds" / f"{name}.wav"))


class Sounds:
    """Loads the sounds once and plays them while the switch is on."""

    def __init__(self, on: bool = True) -> None:
        self.on = on
        #: Every sound asked for while on, in order (also without an audio device).
        self.played: list[str] = []
        self._sounds: dict[str, pygame.mixer.Sound] | None = None

    def _load(self) -> dict[str, pygame.mixer.Sound]:
        if self._sounds is None:
            self._sounds = {}
            try:
                if not pygame.mixer.get_init():
                    pygame.mixer.init(44100, -16, 1, 512)
                for name in NAMES:
                    sound = pygame.mixer.Sound(str(sound_path(name)))
                    sound.set_volume(VOLUME)
                    self._sounds[name] = sound
            except (pygame.error, OSError, FileNotFoundError) as error:
                log.info("sound is not available: %s", error)
                self._sounds = {}
        return self._sounds

    def play(self, name: str) -> None:
        """Play a sound if the switch is on (silently nothing without an audio device)."""
        if not self.on:
            return
        self.played.append(name)
        sound = self._load().get(name)
        if sound is not None:
            try:
                sound.play()
            except pygame.error as error:  # a device that went away mid-game
                log.info("a sound could not play: %s", error)

    def toggle(self) -> bool:
        """The one switch: on becomes off and back; returns the new state."""
        self.on = not self.on
        if not self.on and self._sounds and pygame.mixer.get_init():
            pygame.mixer.stop()
        return self.on
