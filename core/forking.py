"""Worker processes forked from a command: when it is safe, and how they end with it.

Both long jobs that spread over the cores (laying out a pack's parts, judging a check's
rules) fork their workers, so that a worker starts in milliseconds with Scrutiny, its
plugins and the rules already imported, instead of paying a fresh interpreter's start-up.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time

PARENT_POLL_S = 0.1


def can_fork() -> bool:
    """Whether workers can be forked safely.

    A fork copies no other thread but may copy a lock one holds, so a process with other
    threads (a server, a test's) does the work itself instead.
    """
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def exit_with_parent(parent: int) -> None:
    """In a worker: end it as soon as the process that started it (``parent``) is gone.

    A worker waits for its next piece of work, or on handing back its last, for as long
    as its parent lives. A parent killed outright (SIGKILL, the out-of-memory killer)
    never says it is done, and its workers would wait for ever, each holding what it made.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="scrutiny-parent-watch", daemon=True).start()
