"""A warm process that forks the commands the fault tests kill.

Run as a script (``python forkserver.py``) with the repository on ``PYTHONPATH``. It
imports what the ``scrutiny`` console script imports (and WeasyPrint, which a pack
imports on first use), says ``ready``, then reads one JSON request a line on standard
input and answers one JSON line on standard output:

- ``{"start": JOB, "argv": [...], "cwd": DIR, "log": PREFIX}``: fork a process that runs
  the job; answer ``{"pid": PID}`` at once. The process leads a process group of its
  own (the pack's layout workers join it), runs in ``cwd``, and writes its standard
  output and error to ``PREFIX.out`` and ``PREFIX.err``.
- ``{"wait": PID}``: wait for it to end; answer ``{"status": CODE}`` (minus the signal
  number if a signal ended it) and ``{"seconds": S}`` from fork to end.

Jobs: ``cli`` runs ``scrutiny.cli.main.main(argv)``, the console script's own entry
point, so a killed command is the real command, not a stand-in; forking it from a warm
process keeps Python's start-up (about 1.5 s here) out of the time the kill points are
spread over. ``register URL COUNT`` records and authorises ``COUNT`` deviations one
after another through the register's service, writing a line after each commit (a
single ``deviation record`` command is over in milliseconds). ``pack-in-parts URL RUN
OUT DOMAIN...`` writes a narrowed pack as ``scrutiny pack`` does, but laid out in parts
by worker processes, which the command does only for long packs. ``hold-partial OUT``
starts writing a pack to ``OUT`` through the renderer's own writer and stops half-way.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from typing import Any, NoReturn


def main() -> None:
    import weasyprint  # noqa: F401  # the pack's layout engine, imported on first use

    import scrutiny.cli.main  # the commands, the plugins, SQLAlchemy
    import scrutiny.pack.render  # noqa: F401

    answer({"ready": True})
    started: dict[int, float] = {}
    for line in sys.stdin:
        request = json.loads(line)
        if "start" in request:
            pid = os.fork()
            if pid == 0:
                _run_job(request)
            started[pid] = time.monotonic()
            answer({"pid": pid})
        elif "wait" in request:
            pid, status = os.waitpid(request["wait"], 0)
            seconds = time.monotonic() - started.pop(pid)
            answer({"status": os.waitstatus_to_exitcode(status), "seconds": seconds})


def answer(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _run_job(request: dict[str, Any]) -> NoReturn:
    code = 70
    try:
        os.setpgid(0, 0)
        os.chdir(request["cwd"])
        _redirect(request["log"])
        code = _job(request["start"], request["argv"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def _redirect(prefix: str) -> None:
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, suffix in ((1, ".out"), (2, ".err")):
        target = os.open(prefix + suffix, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)


def _job(name: str, argv: list[str]) -> int:
    if name == "cli":
        from scrutiny.cli.main import main as scrutiny

        scrutiny(argv)
        return 0
    if name == "register":
        return _record_and_authorise(argv[0], int(argv[1]))
    if name == "pack-in-parts":
        return _pack_in_parts(argv[0], int(argv[1]), argv[2], argv[3:])
    if name == "hold-partial":
        return _hold_partial(argv[0])
    raise ValueError(f"no job {name!r}")


def _record_and_authorise(url: str, count: int) -> int:
    from scrutiny.db.engine import create_scrutiny_engine
    from scrutiny.register.service import Register
    from tests.system.register_workers import RULE, deviation_terms

    engine = create_scrutiny_engine(url)
    register = Register(engine, known_rules=[RULE])
    for number in range(count):
        terms = deviation_terms(7, number, complete=True)
        ref = register.record(terms, by="S. Williams (Social Worker)").deviation_ref
        os.write(1, f"recorded {ref}\n".encode())
        register.authorise(ref, by="A. Patel (Team Manager)")
        os.write(1, f"authorised {ref}\n".encode())
    engine.dispose()
    return 0


def _pack_in_parts(url: str, run_id: int, out: str, domains: list[str]) -> int:
    """``scrutiny pack --run RUN --domain D... --out OUT``, laid out in parts by two
    workers however short it is (the command decides by the pack's length)."""
    from pathlib import Path

    from scrutiny.config import Config
    from scrutiny.db.engine import create_scrutiny_engine
    from scrutiny.pack.data import load_pack_data
    from scrutiny.pack.render import render_pack
    from scrutiny.pack.scope import narrowed
    from scrutiny.plugin_host import PluginHost

    host = PluginHost()
    engine = create_scrutiny_engine(url)
    data = load_pack_data(engine, host.rules, Config(), run_id)
    engine.dispose()
    data = narrowed(data, domains, None, None)
    sections = [s for s in host.pack_sections(data) if s.domain in domains]
    result = render_pack(data, sections, Path(out), in_parts=True, workers=2)
    print(f"wrote {out} ({result.pages} pages, sha256 {result.sha256})")
    return 0


def _hold_partial(out: str) -> int:
    from pathlib import Path
    from typing import IO

    from scrutiny.pack.render import _write_atomically

    def half_a_pack(fh: IO[bytes]) -> None:
        fh.write(b"%PDF-1.7\n% the first half of a pack\n")
        fh.flush()
        os.write(1, b"holding\n")
        time.sleep(600)

    _write_atomically(Path(out), half_a_pack)
    return 0


if __name__ == "__main__":
    main()
