"""Make the game's sounds from nothing but sine waves (run: ``python make_sounds.py``).

Every sound the game plays is synthesised here, so there is nothing to license: the WAV files
beside this script are its output, committed so an installed game needs no numpy at start-up.
They are short (under a second) and quiet: peaks at about −12 dBFS, so a laptop or projector
speaker at a normal setting is heard over a table's discussion without startling the room.

* ``warning.wav``  — two falling notes (a value crossed its warning line);
* ``critical.wav`` — three low falling notes, a little louder (a value crossed its critical line);
* ``timer_end.wav`` — a soft bell, twice (the phase's time is up);
* ``adopt.wav``    — one short rising pair (a card adopted; feedback, not an alarm).
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

RATE = 44100
HERE = Path(__file__).parent


def tone(freq: float, seconds: float, level: float, partials: tuple[float, ...] = (1.0, 0.3),
         decay: float = 5.0) -> np.ndarray:
    """A bell-like note: a sine and a few overtones, a 10 ms attack and an exponential decay."""
    t = np.arange(int(RATE * seconds)) / RATE
    wave_ = sum(w * np.sin(2 * np.pi * freq * (k + 1) * t) for k, w in enumerate(partials))
    envelope = np.minimum(1.0, t / 0.01) * np.exp(-decay * t)
    return level * wave_ / sum(partials) * envelope


def sequence(*notes: tuple[float, float, float], gap: float = 0.0) -> np.ndarray:
    """Notes one after another (frequency, seconds, level), each ringing into the next."""
    parts = []
    for freq, seconds, level in notes:
        parts.append(tone(freq, seconds, level))
        if gap:
            parts.append(np.zeros(int(RATE * gap)))
    return np.concatenate(parts)


def write(name: str, samples: np.ndarray) -> None:
    """A mono 16-bit WAV; a 20 ms fade-out so it never ends in a click."""
    fade = min(len(samples), int(RATE * 0.02))
    samples = samples.copy()
    samples[-fade:] *= np.linspace(1.0, 0.0, fade)
    data = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    with wave.open(str(HERE / name), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data)


def main() -> None:
    """Write every sound."""
    quiet = 10 ** (-12 / 20)  # −12 dBFS
    write("warning.wav", sequence((784.0, 0.22, quiet), (622.3, 0.35, quiet)))
    write("critical.wav", sequence((523.3, 0.2, quiet * 1.25), (415.3, 0.2, quiet * 1.25),
                                   (349.2, 0.45, quiet * 1.25)))
    write("timer_end.wav", sequence((880.0, 0.45, quiet), (880.0, 0.6, quiet), gap=0.05))
    write("adopt.wav", sequence((659.3, 0.12, quiet * 0.7), (987.8, 0.25, quiet * 0.7)))


if __name__ == "__main__":
    main()
