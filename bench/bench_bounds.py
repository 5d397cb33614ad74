"""How quickly hostile input is refused or survived: the limits that once sat in unit tests.

tests/core/test_fuzz_registry.py, test_bounded_answers.py, test_simulator.py and test_api.py
check what comes out (a typed result, the project's own error, a stopped server); on a loaded
2-core machine their time limits flaked, so the times are measured here, over the same inputs
(tests/core/huge_inputs.py, tests/core/hostile.py), and each target is the limit the test had.

Keys (each the median of RUNS runs; "max" keys take the slowest input of a run):
  id_list_huge_s               ``sync.parse_id_list`` refusing 20,001 ids and a 5,000-digit
                               range, and reading 100,000 separators as nothing.
  parsers_huge_answer_max_s    every ``api.parse_*`` over one huge answer (deep nesting,
                               megabyte strings, 50,000 junk items).
  services_report_50k_junk_s   ``api.parse_services_report`` over 50,000 rows, two in three junk.
  decode_huge_body_max_s       ``api.decode_body`` of one huge body, as a 200 and as a 500.
  classify_long_text_max_s     ``classify_error`` + ``normalize_state`` of one megabyte-long text.
  registry_huge_values_max_s   validate/payload/estimate of one service type, huge field values.
  answer_cap_64mb_s            an endless services answer until the 64 MB cap refuses it.
  answer_deadline_overrun_s    seconds past the answer deadline before a body dripped at 1 byte/s
                               (deadline 2.5 s) or headers dripped forever (2.0 s) end.
  too_many_services_refused_s  two million services (6 MB) refused.
  simulator_stop_in_hang_s     ``PanelSimulator.stop()`` while a request hangs (60 s).
  client_close_in_retry_wait_s a client closed during its 20 s Retry-After wait, to the call's end.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import figure, timed  # noqa: E402

RUNS = 3
KEY = "bench-bounds-key-0123456789"


def slowest(fn: Callable[[Any], object], cases: list) -> float:
    return max(timed(lambda case=case: fn(case)) for case in cases)


def measure_inputs() -> dict[str, list[float]]:
    from smmdesk import api, servicetypes, sync
    from tests.core import huge_inputs as h

    def id_lists() -> None:
        for text in (", ".join(str(i) for i in range(1, 20_002)), "1-" + "9" * 5000):
            try:
                sync.parse_id_list(text)
            except ValueError:
                pass
            else:
                raise AssertionError("a huge id list was accepted")
        assert sync.parse_id_list(" ,;\n" * 100_000) == []

    rows = h.junk_and_gold_rows()
    types = [t.name for t in servicetypes.all_types()]
    samples: dict[str, list[float]] = {key: [] for key in (
        "id_list_huge_s", "parsers_huge_answer_max_s", "services_report_50k_junk_s",
        "decode_huge_body_max_s", "classify_long_text_max_s", "registry_huge_values_max_s")}
    for _ in range(RUNS):
        samples["id_list_huge_s"].append(timed(id_lists))
        samples["parsers_huge_answer_max_s"].append(
            slowest(h.only_typed_or_panel_error, h.HUGE_ANSWERS))
        samples["services_report_50k_junk_s"].append(
            timed(lambda: api.parse_services_report(rows)))
        samples["decode_huge_body_max_s"].append(slowest(h.decode_both_ways, h.HUGE_BODIES))
        samples["classify_long_text_max_s"].append(slowest(h.classify, h.LONG_TEXTS))
        samples["registry_huge_values_max_s"].append(
            slowest(h.registry_over_huge_values, types))
    return samples


def measure_network() -> dict[str, list[float]]:
    from smmdesk.api import (
        AnswerLimits,
        AnswerTooLargeError,
        DeadlineExceededError,
        PanelClient,
        TooManyServicesError,
    )
    from smmdesk.demo.server import PanelSimulator
    from smmdesk.errors import PanelError
    from tests.core.hostile import HostilePanel, drip, drip_headers, endless, raw_answer

    def refused(answer: Any, error: type[Exception], call: str, **kw: Any) -> float:
        with HostilePanel(answer) as panel, PanelClient(panel.url, KEY, retries=0, **kw) as c:
            t0 = time.perf_counter()
            try:
                getattr(c, call)()
            except error:
                return time.perf_counter() - t0
        raise AssertionError(f"{call} was not refused with {error.__name__}")

    def overrun() -> float:
        body = refused(drip(every=1.0), DeadlineExceededError, "balance", timeout=2.0,
                       limits=AnswerLimits(deadline=2.5)) - 2.5
        headers = refused(drip_headers(every=0.5), DeadlineExceededError, "balance",
                          timeout=2.0, limits=AnswerLimits(deadline=2.0)) - 2.0
        return max(body, headers)

    def stop_in_hang() -> float:
        sim = PanelSimulator(services=20, key=KEY).start()
        sim.set_fault("hang", actions=["balance"])
        client = PanelClient(sim.url, KEY, retries=0)
        t = threading.Thread(target=lambda: _swallow(client.balance, PanelError))
        t.start()
        while sim.count("balance") == 0:
            t.join(0.01)
        took = timed(sim.stop)
        t.join(60)
        client.close()
        return took

    def close_in_retry_wait() -> float:
        sim = PanelSimulator(services=20, key=KEY).start()
        try:
            sim.set_fault("rate_limit", retry_after=20)
            c = PanelClient(sim.url, sim.key, retries=3, backoff=0.01, max_retry_after=60)
            t = threading.Thread(target=lambda: _swallow(c.balance, PanelError))
            t.start()
            while sim.count("balance") == 0:
                t.join(0.01)
            t0 = time.perf_counter()
            c.close()
            t.join(60)
            return time.perf_counter() - t0
        finally:
            sim.stop()

    two_million = b"[" + b"{}," * 1_999_999 + b"{}]"
    samples: dict[str, list[float]] = {key: [] for key in (
        "answer_cap_64mb_s", "answer_deadline_overrun_s", "too_many_services_refused_s",
        "simulator_stop_in_hang_s", "client_close_in_retry_wait_s")}
    for _ in range(RUNS):
        samples["answer_cap_64mb_s"].append(refused(endless(), AnswerTooLargeError, "services"))
        samples["answer_deadline_overrun_s"].append(overrun())
        samples["too_many_services_refused_s"].append(
            refused(raw_answer(two_million), TooManyServicesError, "services"))
        samples["simulator_stop_in_hang_s"].append(stop_in_hang())
        samples["client_close_in_retry_wait_s"].append(close_in_retry_wait())
    return samples


def _swallow(fn: Callable[[], object], error: type[Exception]) -> None:
    try:
        fn()
    except error:
        pass


def main() -> int:
    samples = measure_inputs()
    samples.update(measure_network())
    print(json.dumps({key: figure(values) for key, values in samples.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
