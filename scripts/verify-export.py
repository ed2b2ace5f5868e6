#!/usr/bin/env python3
"""Checks an Annotation Workbench export with Python's own string slicing (standard library only).

    python3 scripts/verify-export.py EXPORT_FOLDER

Reads manifest.json, checks every listed file's SHA-256 and size, then, for every span of the
canonical JSONL, spaCy JSONL, Label Studio JSON, doccano JSONL and brat exports, that slicing the
document text at the span's offsets gives the span's text: Python's text[start:end] (code points)
for all of them, except doccano, whose offsets are UTF-16 code units. For spaCy it also checks that
each token is text[start:end], that the tokens with their `ws` rebuild the text exactly, and that
token_start/token_end point at the span's first and last token. Exits 1 naming each problem.
"""
import hashlib
import json
import sys
from pathlib import Path

MAX_REPORTED = 20


class Checker:
    def __init__(self):
        self.problems = []
        self.spans = 0
        self.documents = 0

    def fail(self, where, message):
        self.problems.append(f"{where}: {message}")

    def span(self, where, text, start, end, expected, unit="codepoint"):
        self.spans += 1
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
            self.fail(where, f"bad offsets {start!r}-{end!r}")
            return
        if unit == "utf16":
            units = text.encode("utf-16-le")
            if end * 2 > len(units):
                self.fail(where, f"{start}-{end} is past the end of the text ({len(units) // 2} UTF-16 units)")
                return
            actual = units[start * 2 : end * 2].decode("utf-16-le", errors="replace")
        else:
            if end > len(text):
                self.fail(where, f"{start}-{end} is past the end of the text ({len(text)} code points)")
                return
            actual = text[start:end]
        if actual != expected:
            self.fail(where, f"text[{start}:{end}] is {actual!r}, the span says {expected!r}")


def check_canonical(checker, path, line_number, record):
    where = f"{path} line {line_number}"
    text = record["text"]
    checker.documents += 1
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != record["text_sha256"]:
        checker.fail(where, f"text_sha256 is {record['text_sha256']}, the text's is {digest}")
    for index, span in enumerate(record["spans"]):
        checker.span(f"{where} spans[{index}]", text, span["start"], span["end"], span["text"])


def check_spacy(checker, path, line_number, record):
    where = f"{path} line {line_number}"
    text = record["text"]
    checker.documents += 1
    tokens = record["tokens"]
    for index, token in enumerate(tokens):
        if token["id"] != index:
            checker.fail(f"{where} tokens[{index}]", f"id is {token['id']}")
        if text[token["start"] : token["end"]] != token["text"]:
            checker.fail(f"{where} tokens[{index}]", f"text[{token['start']}:{token['end']}] is not {token['text']!r}")
    rebuilt = "".join(token["text"] + (" " if token["ws"] else "") for token in tokens)
    if rebuilt != text:
        checker.fail(where, "the tokens and their ws do not rebuild the text")
    for index, span in enumerate(record["spans"]):
        span_where = f"{where} spans[{index}]"
        checker.span(span_where, text, span["start"], span["end"], span["text"])
        first, last = span["token_start"], span["token_end"]
        if not (0 <= first <= last < len(tokens)) or tokens[first]["start"] != span["start"] or tokens[last]["end"] != span["end"]:
            checker.fail(span_where, f"token_start {first} / token_end {last} do not cover {span['start']}-{span['end']}")


def check_doccano(checker, path, line_number, record):
    checker.documents += 1
    for index, (start, end, _label) in enumerate(record["label"]):
        # doccano lines carry no span text: the offsets must at least land inside the text on
        # character boundaries (UTF-16 units that do not split a surrogate pair).
        units = record["text"].encode("utf-16-le")
        piece = units[start * 2 : end * 2]
        try:
            piece.decode("utf-16-le", errors="strict")
        except UnicodeDecodeError:
            checker.fail(f"{path} line {line_number} label[{index}]", f"{start}-{end} splits a character")
        checker.spans += 1


def check_label_studio(checker, path, tasks):
    for task_index, task in enumerate(tasks):
        checker.documents += 1
        text = task["data"]["text"]
        for annotation_index, annotation in enumerate(task["annotations"]):
            for result_index, result in enumerate(annotation["result"]):
                if result["type"] != "labels":
                    continue
                value = result["value"]
                where = f"{path} [{task_index}].annotations[{annotation_index}].result[{result_index}]"
                checker.span(where, text, value["start"], value["end"], value["text"])


def check_brat(checker, folder, ann_path):
    text = ann_path.with_suffix(".txt").read_bytes().decode("utf-8")
    checker.documents += 1
    for line_number, line in enumerate(ann_path.read_text(encoding="utf-8").split("\n"), start=1):
        if not line.startswith("T"):
            continue
        _id, kind_ranges, span_text = line.split("\t", 2)
        ranges = [tuple(int(n) for n in part.split(" ")) for part in kind_ranges.split(" ", 1)[1].split(";")]
        where = f"{ann_path.relative_to(folder)} line {line_number}"
        if len(ranges) == 1:
            checker.span(where, text, ranges[0][0], ranges[0][1], span_text)
        else:
            joined = " ".join(text[start:end] for start, end in ranges)
            checker.spans += 1
            if joined != span_text:
                checker.fail(where, f"the fragments read {joined!r}, the line says {span_text!r}")


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    folder = Path(argv[1])
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    checker = Checker()
    for entry in manifest["files"]:
        data = (folder / entry["path"]).read_bytes()
        if hashlib.sha256(data).hexdigest() != entry["sha256"] or len(data) != entry["bytes"]:
            checker.fail(entry["path"], "SHA-256 or size differs from manifest.json")
    kind = manifest["format"]
    line_checks = {"awb-canonical-jsonl": check_canonical, "awb-spacy-jsonl": check_spacy, "awb-doccano-jsonl": check_doccano}
    data_files = [entry["path"] for entry in manifest["files"] if Path(entry["path"]).name.startswith("data-") or entry["path"].endswith(".ann")]
    for relative in data_files:
        path = folder / relative
        if kind in line_checks:
            with path.open(encoding="utf-8", newline="") as handle:
                for line_number, line in enumerate(handle, start=1):
                    if not line.endswith("\n"):
                        checker.fail(f"{relative} line {line_number}", "the last line has no line break (a partial file?)")
                    line_checks[kind](checker, relative, line_number, json.loads(line))
        elif kind == "awb-label-studio-json":
            check_label_studio(checker, relative, json.loads(path.read_text(encoding="utf-8")))
        elif kind == "awb-brat-standoff" and relative.endswith(".ann"):
            check_brat(checker, folder, path)
    if kind not in line_checks and kind not in ("awb-label-studio-json", "awb-brat-standoff"):
        print(f"FAIL manifest.json: format {kind} has no character offsets to check")
        return 1
    expected_spans = manifest["counts"]["spans"]
    if checker.spans != expected_spans:
        checker.fail("manifest.json", f"counts.spans is {expected_spans}, the files hold {checker.spans}")
    if checker.problems:
        for problem in checker.problems[:MAX_REPORTED]:
            print(f"FAIL {problem}")
        if len(checker.problems) > MAX_REPORTED:
            print(f"... and {len(checker.problems) - MAX_REPORTED} more")
        return 1
    print(f"ok: {kind}, {len(manifest['files'])} files, {checker.documents} records, {checker.spans} spans checked with Python slicing")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
