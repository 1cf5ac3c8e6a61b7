"""One way the benchmarks fill a werksessie: every participant rates every dimension of every
measure, hands in, and the team agrees — the whole workload a report has to lay out."""

from __future__ import annotations

import random

from morgenmaken.werksessie.session import WorkSession


def rate_everything(sample: WorkSession, rng: random.Random) -> None:
    """Rate, hand in and agree on every measure of `sample`, with ratings drawn from `rng`."""
    for measure in sample.measures:
        for person in sample.participants:
            for dimension in sample.dimensions:
                sample.rate(measure.id, person, dimension.id, rng.choice([-2, -1, 0, 1, 2, None]))
            sample.submit(measure.id, person)
        sample.start_agreement(measure.id)
        sample.argue(measure.id, "Omdat het de regio helpt.", "Wat kost het later?")
        sample.close(measure.id)
