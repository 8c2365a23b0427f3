"""generator/core/processes.py: stages in forked children give what they would give in the build's process."""

import os

import pytest

from generator.core.findings import DataError
from generator.core.processes import Apart, ChildFailed, forked_map


def _fail():
    raise DataError("results/a.csv: cannot be read")


@pytest.mark.parametrize("fork", [True, False])
def test_a_stage_apart_returns_what_it_returned_in_this_process(fork):
    loaded = {"rows": list(range(1000))}  # reaches the child by the fork, not by pickling
    stage = Apart(lambda: (os.getpid(), sum(loaded["rows"])), fork=fork)
    pid, total = stage.result()
    assert total == 499500
    assert (pid != os.getpid()) == fork == stage.forked


@pytest.mark.parametrize("fork", [True, False])
def test_a_stage_apart_raises_its_error_here(fork):
    with pytest.raises(DataError, match="^results/a.csv: cannot be read$"):
        Apart(_fail, fork=fork).result()


def test_a_child_that_dies_is_an_error_not_a_hang():
    with pytest.raises(ChildFailed, match=r"^a build process \(<lambda>\) ended with exit code 3 before it finished$"):
        Apart(lambda: os._exit(3)).result()


def test_a_result_that_cannot_be_sent_back_is_an_error():
    with pytest.raises(ChildFailed, match="^a build stage's result could not be sent back$"):
        Apart(lambda: (lambda: None)).result()


def test_stopping_a_stage_ends_its_child():
    stage = Apart(lambda: __import__("time").sleep(60))
    stage.stop()
    assert not stage.process.is_alive()


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_forked_map_keeps_the_order(processes):
    offset = 7  # a closure: forked_map hands fn to the children by the fork
    assert forked_map(lambda i: (i + offset, os.getpid()), [1, 2, 3, 4], processes)[2][0] == 10
    pids = {pid for _, pid in forked_map(lambda i: (i, os.getpid()), [1, 2, 3, 4], processes)}
    assert (os.getpid() in pids) == (processes == 1)


def test_forked_map_raises_a_childs_error():
    with pytest.raises(DataError, match="cannot be read"):
        forked_map(lambda i: _fail() if i == 2 else i, [1, 2, 3], 2)


def test_a_stage_apart_may_have_stages_apart():
    assert Apart(lambda: Apart(lambda: 6 * 7).result() + len(forked_map(str, [1, 2], 2))).result() == 44


def test_what_children_share_is_frozen_until_the_outermost_block_ends():
    import gc

    from generator.core.processes import frozen

    before = gc.get_freeze_count()
    with frozen():
        outer = gc.get_freeze_count()
        kept = [[i] for i in range(1000)]
        with frozen():
            assert gc.get_freeze_count() >= outer + len(kept)  # made inside the outer block: frozen by the inner
        assert gc.get_freeze_count() >= outer + len(kept)
    assert gc.get_freeze_count() == before == 0
