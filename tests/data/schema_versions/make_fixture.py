"""Make the fixture database of one schema version with that commit's own Scrutiny.

    python tests/data/schema_versions/make_fixture.py COMMIT [--out DIR] [--children N]

Checks COMMIT out into a temporary git worktree, installs it into a throwaway
virtualenv (``pip install -e``), and with that version's own ``scrutiny`` command:
builds its synthetic council's input files (``scrutiny demo``, used only for its
``input/`` folder), then, on a new SQLite file, ``scrutiny init``, ``scrutiny import``
of each input folder, a register written through ``scrutiny deviation`` (recorded,
authorised, amended, authorised again, reviewed, closed; a draft; an authority-wide
one; one of a type that covers one count of a rule; one with an attachment),
``scrutiny check`` and ``scrutiny verify``. The database is then vacuumed and written
gzipped as ``core-NNNN.db.gz`` (NNNN: its core schema revision) into DIR (default: this
folder). Nothing in the working tree is touched apart from the file written.

Kept deliberately independent of the current code (it imports nothing from
``scrutiny``), since it drives versions older and newer than the one it sits in.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
AS_OF = "2022-03-31"
RECORDER = "S. Williams (Social Worker)"
MANAGER = "A. Patel (Team Manager)"
HEAD_OF_SERVICE = "R. Okafor (Head of Service)"


def run(*args: str | Path, cwd: Path, ok: tuple[int, ...] = (0,)) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRUTINY_")}
    env.pop("VIRTUAL_ENV", None)
    shown = " ".join(str(a) for a in args)
    print(f"$ {shown}", flush=True)
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode not in ok:
        sys.exit(f"{shown}\nexit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def install(commit: str, scratch: Path) -> Path:
    """The ``scrutiny`` command of ``commit``, in a virtualenv of its own."""
    tree = scratch / "tree"
    run("git", "worktree", "add", "--detach", tree, commit, cwd=REPO)
    venv = scratch / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=scratch)
    run(venv / "bin" / "pip", "install", "-q", "-e", tree, cwd=scratch)
    return venv / "bin" / "scrutiny"


def deviation_ref(output: str) -> str:
    """The reference a `deviation record` printed (DEV-000001)."""
    for word in output.replace(":", " ").split():
        if word.startswith("DEV-"):
            return word.strip(".,;()")
    sys.exit(f"no deviation reference in: {output}")


def write_register(scrutiny: Path, url: str, work: Path, attachment: Path) -> None:
    db = ("--database", url)
    risk = (
        *("--rationale", "The IRO was isolating; the review was held by video."),
        *("--likelihood", "2", "--impact", "3"),
        *("--mitigations", "The child was seen alone by video beforehand."),
        *("--residual-likelihood", "1", "--residual-impact", "3"),
        *("--review-date", "2022-02-14"),
        *("--principle", "child-centred", "--principle", "risk-based"),
    )
    # 1: recorded, authorised, amended (under review), authorised again, reviewed, closed
    out = run(
        scrutiny, "deviation", "record", *db,
        *("--type", "lac-review-late", "--subject", "child:C000002"),
        *("--done-instead", "Review held by video call with the child, carer and IRO"),
        *("--from", "2022-01-10", "--to", "2022-02-28", *risk, "--by", RECORDER),
        *("--attach", attachment),
        cwd=work,
    )  # fmt: skip
    first = deviation_ref(out)
    run(scrutiny, "deviation", "authorise", first, *db, "--by", MANAGER, cwd=work)
    run(
        scrutiny, "deviation", "amend", first, *db,
        *("--to", "2022-03-15", "--note", "Extended: the IRO was isolating again"),
        "--by", RECORDER,
        cwd=work,
    )  # fmt: skip
    run(scrutiny, "deviation", "authorise", first, *db, "--by", HEAD_OF_SERVICE, cwd=work)
    run(
        scrutiny, "deviation", "review", first, *db,
        *("--next-review", "2022-03-14", "--note", "Still needed"), "--by", MANAGER,
        cwd=work,
    )  # fmt: skip
    run(
        scrutiny, "deviation", "close", first, *db,
        *("--on", "2022-03-15", "--note", "Reviews in person again"), "--by", MANAGER,
        cwd=work,
    )  # fmt: skip
    # 2: a draft, never authorised
    run(
        scrutiny, "deviation", "record", *db,
        *("--rule", "LAC-SW-VISITS", "--subject", "child:C000003"),
        *("--done-instead", "Visit by phone; the carer's household was isolating"),
        *("--from", "2021-12-01", "--to", "2021-12-31", "--by", RECORDER),
        cwd=work,
    )  # fmt: skip
    # 3: authority-wide, relying on an SI
    out = run(
        scrutiny, "deviation", "record", *db,
        *("--type", "lac-visit-remote-covid", "--subject", "authority:*"),
        *("--done-instead", "Visits by video where a visit in person was not practicable"),
        *("--legal-basis", "SI-2020/909", "--covid-reason", "not-reasonably-practicable"),
        *("--from", "2020-09-25", "--to", "2021-03-31", *risk, "--by", RECORDER),
        cwd=work,
    )  # fmt: skip
    run(scrutiny, "deviation", "authorise", deviation_ref(out), *db, "--by", MANAGER, cwd=work)
    # 4: a type that covers one count of its rule (covers_requirement, from 0002)
    out = run(
        scrutiny, "deviation", "record", *db,
        *("--type", "ado-medical-deferred-909", "--subject", "application:A0001"),
        *("--done-instead", "Medical report deferred to stage 2"),
        *("--legal-basis", "SI-2020/909"),
        *("--from", "2020-10-01", "--to", "2021-03-31", *risk, "--by", RECORDER),
        cwd=work,
    )  # fmt: skip
    run(scrutiny, "deviation", "authorise", deviation_ref(out), *db, "--by", MANAGER, cwd=work)


def core_revision(tree: Path) -> str:
    """The newest core migration of the checked-out tree: "0003" for 0003_....py."""
    versions = sorted((tree / "core" / "migrations" / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return versions[-1].name[:4]


def make(commit: str, out: Path, children: int) -> Path:
    full = run("git", "rev-parse", "--verify", f"{commit}^{{commit}}", cwd=REPO).strip()
    scratch = Path(tempfile.mkdtemp(prefix="scrutiny-fixture-"))
    try:
        scrutiny = install(full, scratch)
        work = scratch / "work"
        work.mkdir()
        run(scrutiny, "demo", "--out", work / "demo", "--children", str(children), cwd=work)
        database = work / "fixture.db"
        url = f"sqlite:///{database}"
        run(scrutiny, "init", "--database", url, cwd=work)
        for folder in sorted(p for p in (work / "demo" / "input").iterdir() if p.is_dir()):
            run(scrutiny, "import", "--database", url, folder, cwd=work)
        attachment = work / "risk-assessment.txt"
        attachment.write_text("Risk assessment agreed with the IRO on 7 January 2022.\n")
        write_register(scrutiny, url, work, attachment)
        run(scrutiny, "check", "--as-of", AS_OF, "--database", url, cwd=work, ok=(0, 1))
        run(scrutiny, "verify", "--database", url, cwd=work)
        with closing(sqlite3.connect(database)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("VACUUM")
        target = out / f"core-{core_revision(scratch / 'tree')}.db.gz"
        with database.open("rb") as raw, gzip.open(target, "wb", compresslevel=9) as packed:
            shutil.copyfileobj(raw, packed)
        print(f"{target}: made at {full} ({database.stat().st_size:,} bytes unpacked)")
        return target
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(scratch / "tree")],
            cwd=REPO,
            capture_output=True,
            check=False,
        )
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit", help="the commit whose Scrutiny makes the database")
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write it in")
    parser.add_argument("--children", type=int, default=12, help="children in the council")
    args = parser.parse_args()
    make(args.commit, args.out, args.children)


if __name__ == "__main__":
    main()
