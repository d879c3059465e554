"""Threads share one Index: searches release the GIL and give the same
results as one at a time; indexing in one thread does not stop searches."""

import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import kavosh

QUERIES = ["بوشهر", "Caspian", '"شورای امنیت"', "کشتی -دریای", "روسیه OR ایران", "نیروگاه هسته ای"]


def test_threads_searching_at_once_get_the_serial_results(index):
    expected = {q: index.search(q, limit=20).to_json() for q in QUERIES}
    work = QUERIES * 8
    with ThreadPoolExecutor(max_workers=6) as pool:
        got = list(pool.map(lambda q: (q, index.search(q, limit=20).to_json()), work))
    assert len(got) == len(work)
    for query, json_text in got:
        assert json_text == expected[query], query


def _runs_while_released(call) -> bool:
    """True when another thread ran Python code while `call` was running in
    a thread of its own. With a huge switch interval the interpreter never
    takes the GIL from a thread: the main thread can run only if `call`
    releases it."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    done = threading.Event()
    started = threading.Event()

    def worker():
        started.set()
        call()
        done.set()

    try:
        thread = threading.Thread(target=worker)
        thread.start()
        started.wait()
        ran_during_call = not done.is_set()
        thread.join()
    finally:
        sys.setswitchinterval(old)
    return ran_during_call


def test_searches_release_the_gil(index):
    assert _runs_while_released(lambda: [index.search("روسیه") for _ in range(50)])


def test_indexing_releases_the_gil(fresh_index, corpus):
    assert _runs_while_released(lambda: fresh_index.index(corpus, rebuild=True))


def test_searches_go_on_while_another_thread_rebuilds(fresh_index, corpus):
    expected = fresh_index.search("بوشهر").to_json()
    errors = []

    def rebuild():
        try:
            for _ in range(3):
                fresh_index.index(corpus, rebuild=True)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    writer = threading.Thread(target=rebuild)
    writer.start()
    seen = set()
    while writer.is_alive():
        seen.add(fresh_index.search("بوشهر").to_json())
    writer.join()
    assert not errors
    # Each search saw a whole commit: the same passages each time.
    assert seen <= {expected}


def test_analyze_in_threads():
    text = "می‌شود كشتيراني ۱۳۸۶ " * 50
    expected = [t.to_dict() for t in kavosh.analyze(text)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: [t.to_dict() for t in kavosh.analyze(text)], range(16)))
    assert all(r == expected for r in results)
