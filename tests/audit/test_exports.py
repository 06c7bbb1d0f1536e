"""Verifiable exports of the event log: JSONL and CSV, checked without the database."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory

import audit
from audit.chain import GENESIS, HASHED_FIELDS, chain_hash, event_fields
from audit.exports import FIELDS, csv_lines, event_rows, jsonl_lines, verify_lines

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
N = 300
# A few awkward values: a line break in the actor label (a CSV row over two lines),
# things a spreadsheet would take for formulas, separators JSON leaves unescaped.
ODD_LABEL = 'multi\nline, "quoted" @label'


def export(fmt: str, start=None, end=None) -> str:
    return "".join((jsonl_lines if fmt == "jsonl" else csv_lines)(start, end))


def physical_lines(text: str) -> list[str]:
    """The lines a file iteration yields (only ``\\n`` ends a line)."""
    return io.StringIO(text, newline="").readlines()


def check(text: str, fmt: str):
    return verify_lines(physical_lines(text), fmt)


@pytest.fixture
def events(client_user):
    factory = RequestFactory()
    made = []
    for i in range(N):
        request = None
        if i % 3 == 0:
            request = factory.get(
                "/",
                REMOTE_ADDR=["203.0.113.7", "2001:db8::1", "10.0.0.1"][i % 9 // 3],
                HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux) ñ 🦉",
            )
        actor = client_user if i % 2 else None
        if i == 5:
            actor = SimpleNamespace(pk=77, email=ODD_LABEL)
        data = {
            "i": i,
            "text": "ñandú <b> «élan» 日本語 🦉",
            "nested": {"list": [1, 2.5, None, True, {"deep": ["x", {"y": "z"}]}], "empty": {}},
            "formula": '=HYPERLINK("http://evil","x")' if i % 10 == 0 else "+1-2@3",
            "breaks": "a\nb\r\nc\td\u2028e\u2029f\x85g",
            "quote": 'she said "hi", then left',
        }
        if i % 7 == 0:
            data = {}
        made.append(
            audit.record(
                "test.export", actor=actor, subject=client_user if i % 5 == 0 else None, data=data,
                request=request,
            )
        )  # fmt: skip
    return made


def line_of(lines: list[str], fmt: str, seq: int) -> int:
    prefix = f'{{"seq":{seq},' if fmt == "jsonl" else f"{seq},"
    return next(i for i, line in enumerate(lines) if line.startswith(prefix))


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_the_whole_log_exports_and_verifies(events, fmt, tmp_path):
    text = export(fmt)
    verdict = check(text, fmt)
    assert verdict.ok, verdict
    assert verdict.checked == N
    assert (verdict.first_seq, verdict.last_seq) == (1, N)
    assert verdict.anchor_prev_hash == GENESIS
    assert verdict.last_hash == events[-1].hash

    path = tmp_path / f"audit.{fmt}"
    path.write_text(text, encoding="utf-8", newline="")
    out = io.StringIO()
    call_command("audit_verify_export", str(path), stdout=out)
    assert f"Export verified: {N} events, #1 to #{N}" in out.getvalue()
    assert GENESIS in out.getvalue() and events[-1].hash in out.getvalue()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_range_in_the_middle_verifies_with_its_anchor(events, fmt):
    start, end = events[100].created_at, events[200].created_at
    expected = [e.seq for e in events if start <= e.created_at < end]
    assert expected == list(range(101, 201))
    assert [e.seq for e in event_rows(start, end)] == expected
    verdict = check(export(fmt, start, end), fmt)
    assert verdict.ok, verdict
    assert (verdict.first_seq, verdict.last_seq, verdict.checked) == (101, 200, 100)
    # The anchor is the hash of the event before the range, as in the live log.
    assert verdict.anchor_prev_hash == events[99].hash
    assert verdict.last_hash == events[199].hash


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_open_ended_and_empty_ranges(events, fmt):
    verdict = check(export(fmt, start=events[250].created_at), fmt)
    assert (verdict.ok, verdict.first_seq, verdict.last_seq) == (True, 251, N)
    verdict = check(export(fmt, end=events[10].created_at), fmt)
    assert (verdict.ok, verdict.first_seq, verdict.last_seq) == (True, 1, 10)
    empty = export(fmt, start=events[-1].created_at + dt.timedelta(seconds=1))
    assert empty == ("" if fmt == "jsonl" else ",".join(FIELDS) + "\r\n")
    assert check(empty, fmt).ok and check(empty, fmt).checked == 0


def test_each_jsonl_line_stands_alone_with_exactly_the_hashed_fields(events):
    lines = list(jsonl_lines(None, None))
    assert len(lines) == N  # no header
    for line, event in zip(lines, events, strict=True):
        assert line.endswith("\n") and len(line.splitlines()) == 1
        record = json.loads(line)
        assert list(record) == [*HASHED_FIELDS, "prev_hash", "hash"]
        fields = {k: record[k] for k in HASHED_FIELDS}
        assert fields == json.loads(json.dumps(event_fields(event)))
        assert chain_hash(record["prev_hash"], fields) == record["hash"] == event.hash


def test_csv_values_stay_raw(events):
    rows = list(csv.reader(io.StringIO(export("csv"), newline="")))
    assert rows[0] == list(FIELDS)
    assert len(rows) == N + 1
    by_seq = {int(r[0]): dict(zip(FIELDS, r, strict=True)) for r in rows[1:]}
    assert by_seq[6]["actor_label"] == ODD_LABEL
    assert json.loads(by_seq[1]["data"]) == {}  # i == 0
    assert json.loads(by_seq[11]["data"])["formula"].startswith("=HYPERLINK(")
    assert by_seq[2]["ip"] == "" and by_seq[2]["actor_id"] != ""
    assert by_seq[4]["ip"] == "2001:db8::1"


def tamper_char(line: str, fmt: str) -> str:
    """One character of the event's kind changed (the line still parses)."""
    assert "test.export" in line
    return line.replace("test.export", "test.exporT", 1)


def tamper_hash(line: str, fmt: str) -> str:
    record_hash = line.rstrip("\r\n")[-64:] if fmt == "csv" else json.loads(line)["hash"]
    flipped = "1" if record_hash[-1] != "1" else "2"
    return line.replace(record_hash, record_hash[:-1] + flipped)


def tamper_prev_hash(line: str, fmt: str) -> str:
    prev = json.loads(line)["prev_hash"] if fmt == "jsonl" else line.split(",")[-2]
    return line.replace(prev, prev[:10] + ("a" if prev[10] != "a" else "b") + prev[11:])


def tamper_time(line: str, fmt: str) -> str:
    at = line.index("+00:00")
    digit = line[at - 1]
    return line[: at - 1] + ("1" if digit != "1" else "2") + line[at:]


def tamper_data(line: str, fmt: str) -> str:
    return line.replace("ñandú", "ñandu", 1)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize(
    "tamper", [tamper_char, tamper_hash, tamper_prev_hash, tamper_time, tamper_data]
)
def test_changing_one_character_is_found_at_its_seq(events, fmt, tamper, tmp_path):
    lines = physical_lines(export(fmt))
    at = line_of(lines, fmt, 150)
    changed = tamper(lines[at], fmt)
    assert changed != lines[at] and len(changed) == len(lines[at])
    lines[at] = changed
    verdict = verify_lines(lines, fmt)
    assert not verdict.ok
    assert (verdict.broken_seq, verdict.broken_line) == (150, at + 1), verdict
    assert verdict.checked == 149

    path = tmp_path / f"audit.{fmt}"
    path.write_text("".join(lines), encoding="utf-8", newline="")
    with pytest.raises(CommandError, match=rf"line {at + 1} \(event #150\)"):
        call_command("audit_verify_export", str(path), stdout=io.StringIO())


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_deleted_line_is_found(events, fmt):
    lines = physical_lines(export(fmt))
    at = line_of(lines, fmt, 150)
    del lines[at]
    verdict = verify_lines(lines, fmt)
    assert (verdict.ok, verdict.broken_seq, verdict.broken_line) == (False, 151, at + 1)
    assert "expected seq 150, found 151" in verdict.reason


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_two_swapped_lines_are_found(events, fmt):
    lines = physical_lines(export(fmt))
    at = line_of(lines, fmt, 150)
    lines[at], lines[at + 1] = lines[at + 1], lines[at]
    verdict = verify_lines(lines, fmt)
    assert (verdict.ok, verdict.broken_seq, verdict.broken_line) == (False, 151, at + 1)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_the_multi_line_csv_row_and_line_numbers(events, fmt):
    """Seq 6's actor label holds a line break: in CSV its row takes two lines."""
    lines = physical_lines(export(fmt))
    at = line_of(lines, fmt, 7)
    assert at == (6 if fmt == "jsonl" else 8)
    lines[at] = tamper_char(lines[at], fmt)
    assert verify_lines(lines, fmt).broken_line == at + 1


def test_a_line_that_no_longer_parses_is_named_with_the_seq_expected_there(events):
    lines = physical_lines(export("jsonl"))
    at = line_of(lines, "jsonl", 42)
    lines[at] = lines[at].replace('"kind":', '"kind"', 1)
    verdict = verify_lines(lines, "jsonl")
    assert (verdict.ok, verdict.broken_seq, verdict.broken_line) == (False, 42, at + 1)
    assert "not valid JSON" in verdict.reason


def test_an_added_field_or_a_forged_first_event_fails(events):
    lines = physical_lines(export("jsonl"))
    record = json.loads(lines[3])
    record["note"] = "added"
    assert not verify_lines([*lines[:3], json.dumps(record) + "\n"], "jsonl").ok
    # Event #1 recomputed from another prev_hash: consistent, but it is not the start.
    record = json.loads(lines[0])
    record["prev_hash"] = "1" * 64
    fields = {k: record[k] for k in HASHED_FIELDS}
    record["hash"] = chain_hash(record["prev_hash"], fields)
    verdict = verify_lines([json.dumps(record)], "jsonl")
    assert (verdict.ok, verdict.broken_seq) == (False, 1)


def test_csv_header_is_required(events):
    lines = physical_lines(export("csv"))
    verdict = verify_lines(lines[1:], "csv")
    assert (verdict.ok, verdict.broken_line) == (False, 1)


def test_the_command_guesses_the_format_reads_gzip_and_needs_no_database(events, tmp_path):
    jsonl = tmp_path / "audit.jsonl.gz"
    with gzip.open(jsonl, "wt", encoding="utf-8", newline="") as f:
        f.write(export("jsonl"))
    odd = tmp_path / "audit.txt"
    odd.write_text(export("csv"), encoding="utf-8", newline="")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")

    # A database that cannot be reached: the command must not need one.
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere", "DEBUG": "0"}

    def run(*args):
        return subprocess.run(
            [sys.executable, "manage.py", "audit_verify_export", *args],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip

    done = run(str(jsonl))
    assert done.returncode == 0, done.stderr
    assert f"Export verified: {N} events, #1 to #{N} (JSONL)" in done.stdout
    done = run(str(odd))
    assert done.returncode == 1 and "--format" in done.stderr
    done = run(str(odd), "--format", "csv")
    assert done.returncode == 0, done.stderr
    done = run(str(empty))
    assert done.returncode == 1 and "no events" in done.stderr
