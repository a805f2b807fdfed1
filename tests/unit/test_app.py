"""The Lambda entry point."""

from __future__ import annotations

import gc


def test_the_entry_point_takes_the_import_time_heap_out_of_garbage_collection() -> None:
    import app

    assert callable(app.lambda_handler) and gc.get_freeze_count() > 0
