"""40 participants rate at once over loopback while the host is killed -9 and started again in
the middle: every rating the host acknowledged is in the database afterwards, and every
participant got all their ratings acknowledged in the end (the phones come back by themselves).
No timing is asserted; the speed figures are in benchmarks/participants.py."""

from __future__ import annotations

import threading
from pathlib import Path

from tests.web.conftest import shipped_plan
from tests.web.load import Host, lost, prepare, rate_all

PARTICIPANTS = 40


def test_forty_phones_rate_through_a_killed_and_restarted_host(tmp_path: Path) -> None:
    plan = shipped_plan()
    measure = plan.measures[0].id
    dimensions = [d.id for d in plan.dimensions or []]
    path = tmp_path / "room.sqlite3"
    phones, port, code = prepare(plan, path, PARTICIPANTS)
    host = Host(path, port)
    host.start()
    acks = threading.Semaphore(0)
    base = f"http://127.0.0.1:{port}"
    threads = [threading.Thread(target=rate_all,
                                args=(phone, base, code, measure, dimensions, number),
                                kwargs={"on_ack": acks, "submit": True})
               for number, phone in enumerate(phones)]
    try:
        for thread in threads:
            thread.start()
        total = PARTICIPANTS * len(dimensions) * 2
        for _ in range(total // 2):  # half of all ratings acknowledged: the laptop dies
            acks.acquire()
        host.kill()
        host.start()
        for thread in threads:
            thread.join(timeout=600)
        assert not any(thread.is_alive() for thread in threads)
    finally:
        host.kill()
    assert sum(phone.failures for phone in phones) > 0  # the kill really cut requests off
    for phone in phones:
        assert set(phone.acknowledged) == set(dimensions), f"{phone.name} gave up"
        assert phone.submitted, f"{phone.name} could not hand in"
    assert lost(phones, path, measure) == []
