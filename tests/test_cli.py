"""geo/cli.py: arguments, output formats, and errors as one-line messages with exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import FRENCH, REPO, SEED_IDS

from geo.cli import main
from geo.errors import DataError

COMMANDS = ("parse", "meetings", "map", "export", "batch")


def _records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


# --------------------------------------------------------------------------------------------
# Arguments
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    assert f"usage: geo {command}" in capsys.readouterr().out


def test_parse_help_lists_its_options(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["parse", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "--format {jsonl,geojson}" in out and "-o FILE, --output FILE" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        [],
        ["parse", "--format", "csv"],
        ["map"],  # -o is required
        ["export", "-o", "x.geojson"],  # --what is required
        ["batch", "in", "-o", "store", "--engine", "spark"],
        ["batch", "in", "-o", "store", "--workers", "0"],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage: geo" in capsys.readouterr().err


def test_python_dash_m_geo():
    done = subprocess.run(
        [sys.executable, "-m", "geo", "parse", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("usage: geo parse")


def test_cli_and_loader_do_not_import_the_app_framework():
    code = "import sys, geo.cli, geo.articles; print('streamlit' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert done.stdout.strip() == "False"


# --------------------------------------------------------------------------------------------
# geo parse (runs the real pipeline)
# --------------------------------------------------------------------------------------------


def test_parse_jsonl_records_follow_the_contract(write, capsys):
    path = write("a.txt", FRENCH)
    assert main(["parse", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    records = _records(captured.out)
    assert {"Astana", "Kazakhstan", "Pékin"} <= {r["text"] for r in records}
    assert "Pékin" in captured.out  # ensure_ascii=False
    for record in records:
        assert set(record) >= {
            "doc", "start", "end", "text", "place_id", "name", "name_fr", "type", "iso3",
            "lat", "lon", "confidence", "sentence",
        }  # fmt: skip
        assert record["doc"] == "a.txt"
        assert FRENCH[record["start"] : record["end"]] == record["text"]
    starts = [r["start"] for r in records]
    assert starts == sorted(starts)  # document order


def test_missing_file_is_one_line_and_the_others_still_print(write, tmp_path, capsys):
    good = write("good.txt", FRENCH)
    missing = tmp_path / "missing.txt"
    other = write("other.txt", "Le ministre est parti de Moscou pour Pékin.\n")
    assert main(["parse", str(good), str(missing), str(other)]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"geo: {missing}: no such file\n"
    docs = [r["doc"] for r in _records(captured.out)]
    assert docs and set(docs) == {"good.txt", "other.txt"}
    assert docs == sorted(docs, key=["good.txt", "other.txt"].index)  # files in given order


def test_binary_file_is_reported_and_skipped(write, capsys):
    bad = write("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    good = write("good.txt", FRENCH)
    assert main(["parse", str(bad), str(good)]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"geo: {bad}: binary file (contains NUL bytes), not text\n"
    assert {r["doc"] for r in _records(captured.out)} == {"good.txt"}


def test_parse_without_files_reads_the_bundled_corpus(capsys):
    assert main(["parse"]) == 0
    docs = [r["doc"] for r in _records(capsys.readouterr().out)]
    assert sorted(set(docs)) == list(SEED_IDS)
    assert docs == sorted(docs)  # corpus files in name order, each in document order


def test_parse_geojson(write, capsys):
    path = write("a.txt", FRENCH)
    assert main(["parse", str(path), "--format", "geojson"]) == 0
    collection = json.loads(capsys.readouterr().out)
    assert collection["type"] == "FeatureCollection"
    assert collection["features"]
    for feature in collection["features"]:
        props = feature["properties"]
        assert feature["type"] == "Feature"
        assert feature["geometry"] == {
            "type": "Point",
            "coordinates": [round(props["lon"], 6), round(props["lat"], 6)],
        }
        assert props["doc"] == "a.txt"


def test_parse_output_file_matches_stdout(write, tmp_path, capsys):
    path = write("a.txt", FRENCH)
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(path), "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["parse", str(path)]) == 0
    assert out.read_text(encoding="utf-8") == capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_output_into_a_folder_is_an_error(write, tmp_path, capsys):
    path = write("a.txt", FRENCH)
    assert main(["parse", str(path), "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("geo: error: cannot write ") and err.count("\n") == 1


def test_output_into_a_missing_folder_is_an_error(write, tmp_path, capsys):
    path = write("a.txt", FRENCH)
    assert main(["parse", str(path), "-o", str(tmp_path / "nope" / "out.jsonl")]) == 1
    assert capsys.readouterr().err.startswith("geo: error: cannot write ")


def test_library_errors_become_one_line(write, monkeypatch, capsys):
    import geo.pipeline

    def broken(article):
        raise DataError("bundled data not found\n(looked in /nowhere)")

    monkeypatch.setattr(geo.pipeline, "parse_article", broken)
    assert main(["parse", str(write("a.txt", FRENCH))]) == 1
    assert capsys.readouterr().err == ("geo: error: bundled data not found (looked in /nowhere)\n")


# --------------------------------------------------------------------------------------------
# Commands whose module is missing
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "module"),
    [
        (["meetings"], "geo.meetings"),
        (["map", "-o", "map.html"], "geo.maps"),
        (["export", "--what", "mentions", "-o", "out.geojson"], "geo.export"),
        (["batch", "in", "-o", "store"], "geo.batch"),
    ],
)
def test_missing_module_is_a_one_line_error(argv, module, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, module, None)  # makes the import fail
    assert main(argv) == 1
    assert capsys.readouterr().err == f"geo: error: {argv[0]} is not available yet\n"
