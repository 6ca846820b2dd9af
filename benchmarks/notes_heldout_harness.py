"""Label checks and scoring shared by the held-out notes styles written from
``notes_heldout_occupational.py``'s interface (styles 9-16): each style passes its own kinds,
planted kinds and age reader, so the generators stay independent while the harness is one."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from typing import Any

from notes_heldout_dictation import report
from notes_scoring import aggregate, as_span, score_note


def check_labels(
    notes: Sequence[Any],
    kinds: Collection[str],
    planted: Collection[str],
    age_value: Callable[[str], int | None],
) -> list[str]:
    """Problems with the labels (empty when every span is exact); never runs the scrubber."""
    problems: list[str] = []
    for i, note in enumerate(notes):
        text = note.text
        where = f"note {i} ({note.doc})"
        if not (len(note.spans) == len(note.forms) == len(note.values)):
            problems.append(f"{where}: spans, forms and values differ in length")
            continue
        last_end = -1
        for (s, e, kind), form, value in zip(note.spans, note.forms, note.values, strict=True):
            if kind not in kinds:
                problems.append(f"{where}: unknown kind {kind}")
            if not (0 <= s < e <= len(text)) or text[s:e] != value:
                problems.append(f"{where}: span {form} does not match its slice")
            if value != value.strip():
                problems.append(f"{where}: span {form} has outer whitespace")
            if s < last_end:
                problems.append(f"{where}: span {form} overlaps the one before")
            last_end = max(last_end, e)
            if kind == "age":
                age = age_value(value)
                if age is None or age <= 89:
                    problems.append(f"{where}: age span {form} is not over 89")
        for s, e, form in note.keeps:
            if not (0 <= s < e <= len(text)) or text[s:e] != text[s:e].strip():
                problems.append(f"{where}: look-alike {form} is empty or padded")
            if any(a < e and s < b for a, b, _ in note.spans):
                problems.append(f"{where}: look-alike {form} lies inside a span")
            if form.startswith("age<=89"):
                age = age_value(text[s:e])
                if age is None or age > 89:
                    problems.append(f"{where}: unlabelled age {form} is over 89")
        for (_, _, kind), value, form in zip(note.spans, note.values, note.forms, strict=True):
            if kind not in planted or len(value) < 4:
                continue
            pat = r"(?<!\w)" + re.escape(value) + r"(?!\w)"
            for m in re.finditer(pat, text):
                if not any(a <= m.start() and m.end() <= b for a, b, _ in note.spans):
                    problems.append(f"{where}: {form} value also occurs outside any span")
    return problems


def _tokens_in(text: str, s: int, e: int) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\w+", text) if m.start() < e and s < m.end()]


def _covered(tok: tuple[int, int], found: Sequence[tuple[int, int]]) -> bool:
    return any(a < tok[1] and tok[0] < b for a, b in found)


def score_and_report(
    notes: Sequence[Any],
    find: Callable[[str, dict[str, object] | None], list],
    kinds: Sequence[str],
    *,
    top: int,
    show_misses: bool,
) -> None:
    """Score with and without context; list leaks by kind/phrasing and look-alikes removed."""
    for use in (True, False):
        scores = []
        leaks: Counter[tuple[str, str]] = Counter()
        totals: Counter[tuple[str, str]] = Counter()
        removed: Counter[str] = Counter()
        spent = 0.0
        for note in notes:
            t0 = time.perf_counter()
            found = find(note.text, note.context if use else None)
            spent += time.perf_counter() - t0
            scores.append(score_note(note.text, note.spans, found, keep_strings=show_misses))
            got = [as_span(x)[:2] for x in found]
            for (s, e, kind), form in zip(note.spans, note.forms, strict=True):
                totals[(kind, form)] += 1
                if not all(_covered(t, got) for t in _tokens_in(note.text, s, e)):
                    leaks[(kind, form)] += 1
            for s, e, form in note.keeps:
                if any(_covered(t, got) for t in _tokens_in(note.text, s, e)):
                    removed[form] += 1
        title = "with context" if use else "no context"
        rate = len(notes) / spent if spent else float("inf")
        report(f"{title} ({rate:.1f} notes/s)", aggregate(scores), kinds, show_misses)
        print(f"  spans leaked (any token left), by kind/phrasing, top {top}:")
        for (kind, form), k in leaks.most_common(top):
            print(f"    {kind:10s} {form:34s} {k:4d} of {totals[(kind, form)]}")
        print(f"  look-alikes removed (should stay), top {top}:")
        for form, k in removed.most_common(top):
            print(f"    {form:34s} {k:4d}")


def run_style(
    argv: Sequence[str] | None,
    *,
    title: str,
    description: str,
    generate: Callable[[int, int], Sequence[Any]],
    self_check: Callable[[], list[str]],
    check: Callable[[Sequence[Any]], list[str]],
    score_and_report: Callable[..., None],
    kinds: Sequence[str],
    default_n: int,
    default_seed: int,
) -> int:
    """The command line every held-out style shares: ``--check`` (labels only), ``--sample N``
    (print notes), or score the default scrubber on ``--n`` notes of ``--seed``."""
    import argparse

    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--n", type=int, default=default_n)
    ap.add_argument("--seed", type=int, default=default_seed)
    ap.add_argument("--show-misses", action="store_true", help="print missed tokens (synthetic)")
    ap.add_argument("--top", type=int, default=20, help="kind/phrasing groups to list")
    ap.add_argument("--check", action="store_true", help="validate the labels; no scrubbing")
    ap.add_argument("--sample", type=int, default=0, help="print this many notes and exit")
    args = ap.parse_args(argv)

    notes = generate(args.n, args.seed)
    if args.check:
        problems = self_check() + check(notes)
        for p in problems[:50]:
            print(p)
        counts = Counter(k for n in notes for _, _, k in n.spans)
        forms = len({(k, f) for n in notes for (_, _, k), f in zip(n.spans, n.forms, strict=True)})
        keeps = sum(len(n.keeps) for n in notes)
        empty = sum(1 for n in notes if not n.context)
        print(
            f"{len(notes)} notes ({empty} without context), {sum(counts.values())} spans in ",
            end="",
        )
        print(f"{forms} kind/phrasing groups, {keeps} look-alikes")
        print("  " + "  ".join(f"{k}={counts[k]}" for k in kinds))
        print("ok" if not problems else f"{len(problems)} problems")
        return 1 if problems else 0
    if args.sample:
        for note in notes[: args.sample]:
            print(f"----- {note.doc} context={note.context}\n{note.text}")
        return 0

    from medprivacy.deid.text.scrubber import NotesScrubber

    scrubber = NotesScrubber()
    scrubber.find("warm up: Dr. Smith saw the patient on 3/4/2021.")
    print(f"{title}: {args.n} notes, seed {args.seed}")
    score_and_report(notes, scrubber.find, top=args.top, show_misses=args.show_misses)
    return 0
