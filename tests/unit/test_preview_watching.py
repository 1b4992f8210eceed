"""`receipts serve` watches the workspace from before its first build (generator/site/engine.py).

An edit saved while the first build runs, or in the moment after it, before
the preview answers pages, is a change like any later one: the preview
rebuilds and shows it. Before, the watcher took its first look only once
serving began, so such an edit became part of its "before" and was never
shown (the serve tests failed now and then on a busy machine).
"""

from __future__ import annotations

import threading
import time

from generator.site.engine import PreviewServer


def test_an_edit_saved_before_serving_begins_is_rebuilt(tmp_path):
    watched = tmp_path / "content"
    watched.mkdir()
    (watched / "demo.yml").write_text("title: Launch film\n", encoding="utf-8")
    built = threading.Event()
    server = PreviewServer(built.set, "127.0.0.1", 0, tmp_path, lambda path: None, lambda html: html,
                           lambda url: None)
    server.claim()
    server.start_watching([(watched, True)])
    (watched / "demo.yml").write_text("title: Launch film recut\n", encoding="utf-8")  # during the first build
    serving = threading.Thread(target=server.serve, daemon=True)
    serving.start()
    try:
        assert built.wait(timeout=30), "the edit saved before serving began was never rebuilt"
    finally:
        server.stop()
        serving.join(timeout=30)
    assert not serving.is_alive()
