"""Reading in the background: what a screen shows beside its main content (the home screen's
side panels) is read on a thread of its own, through a read-only connection of its own
(`Journal.reader()`: sqlite3 connections belong to the thread that made them), and awaited by
a Textual worker. A slow query there never holds up the event loop, the first painted list,
the keys, or quitting: the thread is a daemon (Textual's thread workers run in the event
loop's executor, which the app waits for when it ends), and a worker cancelled by a newer
load or by the app ending interrupts its query and drops its result.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from journal.services import Journal

T = TypeVar("T")


async def read_in_background(journal: Journal, read: Callable[[Journal], T]) -> T:
    """`read(reader)` on a daemon thread with its own read-only view of `journal`; its result
    (or its exception) here. Cancelled, the query running on it is interrupted."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()
    running: list[Journal] = []
    lock = threading.Lock()  # an interrupt never meets a connection being closed

    def deliver(settle: Callable[[Any], None], value: Any) -> None:
        def on_loop() -> None:
            if not done.done():  # not cancelled meanwhile
                settle(value)

        try:
            loop.call_soon_threadsafe(on_loop)
        except RuntimeError:  # the loop is closed: the app has gone, nobody waits for this
            pass

    def run() -> None:
        try:
            reader = journal.reader()
            with lock:
                running.append(reader)
            try:
                result = read(reader)
            finally:
                with lock:
                    running.clear()
                    reader.close()
        except BaseException as error:  # handed to the awaiting worker as it is
            deliver(done.set_exception, error)
        else:
            deliver(done.set_result, result)

    threading.Thread(target=run, name="journal-reader", daemon=True).start()
    try:
        return await done
    except asyncio.CancelledError:
        with lock:
            for reader in running:
                reader.interrupt()
        raise
