"""Train and score the Thai named-entity pipeline on ThaiNER v1.5.

Corpus: ThaiNER v1.5 (wannaphong/thai-ner, CC-BY 3.0), one sentence or paragraph
a line with inline tags: ``ตามที่[PERSON]นางประนอม ทองจันทร์[/PERSON] กับ ...``.

What this module does with it:

* reads a split file (BOM stripped, blank lines dropped), parses the inline tags
  and skips lines whose tags do not balance, counting them;
* dedupes train, drops train lines that also occur in test, and cuts a dev split
  out of train deterministically, in *blocks* of consecutive lines (the corpus
  is ordered by article, so every-n-th-line dev sets leak article context into
  train). The published ``val.txt`` is ignored: it is the tail of train. Test is
  read as published (not deduped) and only ever used for reporting;
* tokenizes each tagged and untagged segment separately with
  :mod:`extractor.tokenizer_th`, so no token crosses a tag edge, and builds
  ``DocBin`` files;
* trains ``tok2vec + ner`` with spaCy from ``extractor/data/ner/config.cfg`` and
  writes the best pipeline with a ``meta.json`` that records the corpus version,
  the attribution and the dev and test scores per label.

CLI::

    train-ner --corpus ../shared/data/thainer --output models/th_news_ner
    python -m extractor.ner_train --corpus DIR --output DIR --max-lines 50 --max-steps 5
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.scorer import get_ner_prf  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402
from spacy.training import Example  # noqa: E402

from . import tokenizer_th  # noqa: E402,F401  (registers extractor.thai_tokenizer.v1)

log = logging.getLogger(__name__)

CORPUS_VERSION = "ThaiNER v1.5"
CORPUS_URL = "https://github.com/wannaphong/thai-ner"
ATTRIBUTION = "CC-BY 3.0, wannaphong/thai-ner"
CORPUS_LICENSE = "CC-BY 3.0"
CORPUS_AUTHOR = "Wannaphong Phatthiyaphaibun"

#: The labels the model is judged on.
SCORED_LABELS: tuple[str, ...] = ("PERSON", "ORGANIZATION", "LOCATION", "DATE", "TIME", "FACILITY")
#: ``--labels all``: the scored six plus the other ThaiNER tags with enough
#: examples (``T``, temperature, has one training example and is left out). The
#: shipped model is trained on the six only: the same accuracy on them, and the
#: NER step runs ~30% faster with 6 labels than with 15.
TRAIN_LABELS: tuple[str, ...] = SCORED_LABELS + (
    "MONEY", "LAW", "PERCENT", "URL", "LEN", "PHONE", "AGO", "ZIP", "EMAIL",
)

DEFAULT_CONFIG = Path(__file__).resolve().parent / "data" / "ner" / "config.cfg"
MODEL_NAME = "th_news_ner"

_TAG = re.compile(r"\[(/?)([A-Z]+)\]")

Segment = tuple[str, "str | None"]


class UnbalancedTags(ValueError):
    """A line whose ``[TAG]`` / ``[/TAG]`` markers do not pair up."""


# --------------------------------------------------------------------------- reading


def parse_line(line: str) -> list[Segment]:
    """Split one corpus line into ``(text, label or None)`` segments.

    Raises :class:`UnbalancedTags` for a close without its open, a close of
    another label, an open inside an open (the corpus has no nesting) or an
    open left unclosed.
    """
    segments: list[Segment] = []
    pos = 0
    open_label: str | None = None
    for m in _TAG.finditer(line):
        is_close, label = m.group(1) == "/", m.group(2)
        chunk = line[pos:m.start()]
        pos = m.end()
        if not is_close:
            if open_label is not None:
                raise UnbalancedTags(f"[{label}] opened inside [{open_label}]")
            if chunk:
                segments.append((chunk, None))
            open_label = label
        else:
            if open_label != label:
                raise UnbalancedTags(f"[/{label}] closes {open_label!r}")
            segments.append((chunk, label))
            open_label = None
    if open_label is not None:
        raise UnbalancedTags(f"[{open_label}] never closed")
    if pos < len(line):
        segments.append((line[pos:], None))
    return segments


@dataclass
class SplitStats:
    """What reading one split file kept and dropped."""

    path: str = ""
    lines: int = 0
    blank: int = 0
    duplicates: int = 0
    unbalanced: int = 0
    in_test: int = 0
    kept: int = 0
    augmented: int = 0
    entities: dict[str, int] = field(default_factory=dict)


def read_split(path: Path, *, dedupe: bool = True, max_lines: int | None = None,
               stats: SplitStats | None = None) -> list[str]:
    """Lines of one split file: BOM stripped, blank lines dropped, optionally deduped.

    Parsing happens later (:func:`parse_lines`), so that unbalanced lines are
    counted once, where they are dropped.
    """
    stats = stats if stats is not None else SplitStats()
    stats.path = str(path)
    out: list[str] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8-sig") as fh:
        for raw in fh:
            stats.lines += 1
            line = raw.replace("\ufeff", "").rstrip("\r\n")
            if not line.strip():
                stats.blank += 1
                continue
            if dedupe:
                if line in seen:
                    stats.duplicates += 1
                    continue
                seen.add(line)
            out.append(line)
            if max_lines is not None and len(out) >= max_lines:
                break
    return out


def parse_lines(lines: Iterable[str], stats: SplitStats | None = None) -> list[list[Segment]]:
    """Parse lines into segments, skipping (and counting) unbalanced ones."""
    stats = stats if stats is not None else SplitStats()
    parsed: list[list[Segment]] = []
    counts: Counter[str] = Counter(stats.entities)
    for line in lines:
        try:
            segs = parse_line(line)
        except UnbalancedTags as exc:
            stats.unbalanced += 1
            log.debug("skipping unbalanced line (%s): %.60s", exc, line)
            continue
        counts.update(label for _, label in segs if label)
        parsed.append(segs)
    stats.entities = dict(counts.most_common())
    stats.kept = len(parsed)
    return parsed


def split_train_dev(lines: Sequence[str], *, block: int = 20, every: int = 10) -> tuple[list[str], list[str]]:
    """Cut a dev split out of train: every ``every``-th block of ``block`` lines.

    Deterministic, and about ``1/every`` of the lines. Blocks rather than single
    lines, because consecutive lines come from the same article.
    """
    if every < 2:
        return list(lines), []
    train: list[str] = []
    dev: list[str] = []
    for i, line in enumerate(lines):
        (dev if (i // block) % every == every - 1 else train).append(line)
    return train, dev


def find_corpus_dir(corpus: Path) -> Path:
    """The folder that holds ``train.txt`` and ``test.txt``: ``corpus`` or ``corpus/v1.5``."""
    for cand in (corpus, corpus / "v1.5", corpus / "data" / "thainer" / "v1.5"):
        if (cand / "train.txt").is_file() and (cand / "test.txt").is_file():
            return cand
    raise FileNotFoundError(f"no train.txt and test.txt under {corpus} (or {corpus}/v1.5)")


@dataclass
class CorpusSplits:
    """Parsed train, dev and test segments plus the numbers behind the split."""

    train: list[list[Segment]]
    dev: list[list[Segment]]
    test: list[list[Segment]]
    stats: dict[str, SplitStats]


def load_corpus(corpus: Path, *, max_lines: int | None = None, dev_block: int = 20,
                dev_every: int = 10) -> CorpusSplits:
    """Read ThaiNER v1.5 train and test and cut dev out of train (see module doc)."""
    cdir = find_corpus_dir(corpus)
    test_stats, train_stats = SplitStats(), SplitStats()
    test_lines = read_split(cdir / "test.txt", dedupe=False, max_lines=max_lines, stats=test_stats)
    train_lines = read_split(cdir / "train.txt", dedupe=True, max_lines=max_lines, stats=train_stats)
    test_set = set(test_lines)
    before = len(train_lines)
    train_lines = [ln for ln in train_lines if ln not in test_set]
    train_stats.in_test = before - len(train_lines)
    if train_stats.in_test:
        log.warning("dropped %d train lines that also occur in test", train_stats.in_test)
    train_lines, dev_lines = split_train_dev(train_lines, block=dev_block, every=dev_every)
    dev_stats = SplitStats(path=f"{train_stats.path} (blocks of {dev_block}, every {dev_every}th)",
                           lines=len(dev_lines))
    train_stats.path += " (minus dev)"
    splits = CorpusSplits(
        train=parse_lines(train_lines, train_stats),
        dev=parse_lines(dev_lines, dev_stats),
        test=parse_lines(test_lines, test_stats),
        stats={"train": train_stats, "dev": dev_stats, "test": test_stats},
    )
    for name, st in splits.stats.items():
        log.info("%s: %d lines kept (%d duplicates, %d unbalanced, %d in test dropped)",
                 name, st.kept, st.duplicates, st.unbalanced, st.in_test)
    return splits


def swap_mentions(lines: Sequence[list[Segment]], copies: int = 1, seed: int = 0,
                  labels: Iterable[str] | None = None) -> list[list[Segment]]:
    """Augmented copies of ``lines``: each entity replaced by another mention of its label.

    The replacement is drawn from the mentions of the same label in ``lines``
    themselves, so nothing outside the training split enters training. A copy
    is made only of lines that have an entity of ``labels`` (``None``: any).
    Most test errors are entities never seen in train; seeing each context with
    several names teaches the model the context rather than the name.
    """
    keep = None if labels is None else set(labels)
    pools: dict[str, list[str]] = {}
    for segs in lines:
        for text, label in segs:
            if label and (keep is None or label in keep) and text.strip():
                pools.setdefault(label, []).append(text.strip())
    for label in pools:
        pools[label] = sorted(set(pools[label]))
    rng = random.Random(seed)
    out: list[list[Segment]] = []
    for _ in range(copies):
        for segs in lines:
            if not any(label and label in pools for _, label in segs):
                continue
            new: list[Segment] = []
            for text, label in segs:
                pool = pools.get(label or "", [])
                if len(pool) > 1 and text.strip():
                    core = text.strip()
                    other = rng.choice(pool)
                    if other == core:  # one redraw; a rare unchanged mention does no harm
                        other = rng.choice(pool)
                    text = text.replace(core, other, 1)  # keeps the segment's own edge spaces
                new.append((text, label))
            out.append(new)
    return out


# --------------------------------------------------------------------------- docs


def segments_to_doc(nlp: Language, segments: Sequence[Segment],
                    words_of: Callable[[str], list[str]] | None = None,
                    labels: Iterable[str] | None = TRAIN_LABELS) -> Doc:
    """A gold ``Doc``: each segment tokenized on its own, entity spans set.

    Entity spans are trimmed of surrounding whitespace; labels outside
    ``labels`` (``None``: keep all) are left as plain text (``O``).
    """
    if words_of is None:
        tok = nlp.tokenizer
        words_of = tok.words_of if isinstance(tok, tokenizer_th.ThaiTokenizer) else (lambda t: [x.text for x in tok(t)])
    keep = None if labels is None else set(labels)
    words: list[str] = []
    spans: list[tuple[int, int, str]] = []
    offset = 0
    for text, label in segments:
        words.extend(words_of(text))
        if label and (keep is None or label in keep):
            stripped = text.strip()
            if stripped:
                start = offset + (len(text) - len(text.lstrip()))
                spans.append((start, start + len(stripped), label))
        offset += len(text)
    fold = getattr(nlp.tokenizer, "fold_spaces", False)
    doc = tokenizer_th.doc_from_words(nlp.vocab, words, fold)
    ents = []
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="strict")
        if span is None:  # the engine merged across whitespace: widen to tokens
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            ents.append(span)
    doc.set_ents(spacy.util.filter_spans(ents), default="outside")
    return doc


def segments_text(segments: Sequence[Segment]) -> str:
    """The plain text of a parsed line (tags removed)."""
    return "".join(text for text, _ in segments)


def write_docbin(docs: Iterable[Doc], path: Path) -> int:
    """Save docs to a ``.spacy`` file; return how many."""
    db = DocBin(store_user_data=False)
    n = 0
    for doc in docs:
        db.add(doc)
        n += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return n


def make_nlp(engine: str = "auto", fold_spaces: bool = True) -> Language:
    """A blank Thai pipeline whose tokenizer is ``extractor.thai_tokenizer.v1``."""
    return spacy.blank("th", config={"nlp": {"tokenizer": {"@tokenizers": tokenizer_th.TOKENIZER_NAME,
                                                          "engine": engine, "punct": True,
                                                          "fold_spaces": fold_spaces}}})


# --------------------------------------------------------------------------- scoring


def restrict_ents(doc: Doc, labels: Iterable[str]) -> Doc:
    """A copy of ``doc`` whose entities are only those with a label in ``labels``."""
    keep = set(labels)
    out = doc.copy()
    out.set_ents([e for e in doc.ents if e.label_ in keep], default="outside")
    return out


def score_examples(examples: Iterable[Example], labels: Iterable[str] = SCORED_LABELS) -> dict:
    """Entity-level P/R/F1 (spaCy's ``get_ner_prf``) over ``labels`` only.

    Both sides are cut down to ``labels`` first, so the micro average is over
    those labels and a predicted span of another label never counts. Returns
    ``{"p", "r", "f", "per_type": {label: {"p", "r", "f"}}, "n_gold": {label: n}}``.
    """
    labels = tuple(labels)
    egs = []
    n_gold: Counter[str] = Counter()
    for eg in examples:
        pred, gold = restrict_ents(eg.predicted, labels), restrict_ents(eg.reference, labels)
        n_gold.update(e.label_ for e in gold.ents)
        egs.append(Example(pred, gold))
    res = get_ner_prf(egs)
    per = res.get("ents_per_type") or {}
    return {
        "p": res["ents_p"] or 0.0,
        "r": res["ents_r"] or 0.0,
        "f": res["ents_f"] or 0.0,
        "per_type": {lab: per.get(lab, {"p": 0.0, "r": 0.0, "f": 0.0}) for lab in labels},
        "n_gold": {lab: n_gold.get(lab, 0) for lab in labels},
    }


def predict_examples(nlp: Language, gold_docs: Sequence[Doc], batch_size: int = 64) -> list[Example]:
    """Run ``nlp`` on the raw text of each gold doc (its own tokenizer) and pair them."""
    texts = [d.text for d in gold_docs]
    return [Example(pred, gold) for pred, gold in zip(nlp.pipe(texts, batch_size=batch_size), gold_docs)]


def format_table(rows: dict[str, dict], labels: Sequence[str] = SCORED_LABELS) -> str:
    """A Markdown table: one row per label, one P/R/F column group per system."""
    names = list(rows)
    head = "| label | n | " + " | ".join(f"{n} P | {n} R | {n} F1" for n in names) + " |"
    sep = "|---|---:|" + "---:|" * (3 * len(names))
    lines = [head, sep]
    first = rows[names[0]]
    for lab in labels:
        cells = []
        for n in names:
            s = rows[n]["per_type"][lab]
            cells += [f"{s['p']:.3f}", f"{s['r']:.3f}", f"{s['f']:.3f}"]
        lines.append(f"| {lab} | {first['n_gold'][lab]} | " + " | ".join(cells) + " |")
    cells = []
    for n in names:
        cells += [f"{rows[n]['p']:.3f}", f"{rows[n]['r']:.3f}", f"**{rows[n]['f']:.3f}**"]
    lines.append(f"| micro (six) | {sum(first['n_gold'].values())} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- training


def config_folds_spaces(config: Path) -> bool:
    """``nlp.tokenizer.fold_spaces`` of a training config (False when absent)."""
    cfg = spacy.util.load_config(config, interpolate=False)
    return bool(cfg["nlp"]["tokenizer"].get("fold_spaces", False))


def build_corpus(corpus: Path, work: Path, *, engine: str = "nlpo3", max_lines: int | None = None,
                 dev_block: int = 20, dev_every: int = 10,
                 labels: Sequence[str] | None = TRAIN_LABELS, fold_spaces: bool = True,
                 augment: int = 0, seed: int = 0) -> dict:
    """Write ``train.spacy``, ``dev.spacy`` and ``test.spacy`` under ``work``; return the stats.

    Only entities whose label is in ``labels`` are kept (``None``: all). ``fold_spaces``
    must match the tokenizer of the config that trains on these files. ``augment``
    adds that many mention-swapped copies of train (:func:`swap_mentions`); dev and
    test are never augmented.
    """
    splits = load_corpus(corpus, max_lines=max_lines, dev_block=dev_block, dev_every=dev_every)
    if not splits.dev:  # tiny slices: borrow the last train lines rather than fail
        splits.dev = splits.train[-max(1, len(splits.train) // 5):]
        log.warning("dev split came out empty (only %d train lines); reusing train's tail", len(splits.train))
    if augment > 0:
        extra = swap_mentions(splits.train, copies=augment, seed=seed, labels=labels)
        log.info("train: %d mention-swapped copies added to %d lines", len(extra), len(splits.train))
        splits.train = splits.train + extra
        splits.stats["train"].augmented = len(extra)
    nlp = make_nlp(engine, fold_spaces)
    for name in ("train", "dev", "test"):
        docs = (segments_to_doc(nlp, segs, labels=labels) for segs in getattr(splits, name))
        n = write_docbin(docs, work / f"{name}.spacy")
        log.info("wrote %s (%d docs)", work / f"{name}.spacy", n)
    return {name: asdict(st) for name, st in splits.stats.items()}


def read_docbin(nlp: Language, path: Path) -> list[Doc]:
    """Docs of a ``.spacy`` file, in ``nlp``'s vocab."""
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def train(config: Path, work: Path, *, engine: str = "nlpo3", overrides: dict | None = None) -> Path:
    """Run ``spacy train`` on the DocBins in ``work``; return the ``model-best`` folder."""
    from spacy.cli.train import train as spacy_train

    ov = {
        "paths.train": str(work / "train.spacy"),
        "paths.dev": str(work / "dev.spacy"),
        "nlp.tokenizer.engine": engine,
        **(overrides or {}),
    }
    out = work / "spacy_out"
    spacy_train(config, out, use_gpu=-1, overrides=ov)
    best = out / "model-best"
    return best if best.is_dir() else out / "model-last"


def finalize(model_dir: Path, output: Path, work: Path, stats: dict, command: str,
             train_seconds: float) -> dict:
    """Score ``model_dir`` on dev and test, write it to ``output`` with meta; return the scores."""
    nlp = spacy.load(model_dir)
    scores: dict[str, dict] = {}
    ner_labels = tuple(nlp.get_pipe("ner").labels)
    for split in ("dev", "test"):
        gold = read_docbin(nlp, work / f"{split}.spacy")
        egs = predict_examples(nlp, gold)
        scores[split] = score_examples(egs, SCORED_LABELS)
        if set(ner_labels) - set(SCORED_LABELS):
            scores[split]["all_labels"] = score_examples(egs, ner_labels)
        log.info("%s micro F1 over %s: %.4f", split, ",".join(SCORED_LABELS), scores[split]["f"])
    # save a fresh copy: scoring added dev/test strings to this one's vocab
    nlp = spacy.load(model_dir)
    # keep temp paths out of the shipped config
    cfg = nlp.config
    for key in ("train", "dev"):
        cfg["paths"][key] = None
    nlp.meta.update({
        "name": MODEL_NAME,
        "version": "1.0.0",
        "description": (f"Thai NER (tok2vec + ner, CPU) trained on {CORPUS_VERSION}; tokenizer "
                        f"{tokenizer_th.TOKENIZER_NAME} (import extractor.tokenizer_th before spacy.load)."),
        "author": "thai-news-extractor",
        "license": CORPUS_LICENSE,
        "corpus_version": CORPUS_VERSION,
        "attribution": ATTRIBUTION,
        "sources": [{"name": CORPUS_VERSION, "url": CORPUS_URL, "license": CORPUS_LICENSE,
                     "author": CORPUS_AUTHOR}],
        "scored_labels": list(SCORED_LABELS),
        "scores": {"dev": scores["dev"], "test": scores["test"]},
        "data_split": stats,
        "training": {"command": command, "seconds": round(train_seconds, 1),
                     "spacy_version": spacy.__version__},
    })
    if output.exists():
        shutil.rmtree(output)
    nlp.to_disk(output)
    return scores


def main(argv: Sequence[str] | None = None) -> int:
    """``train-ner``: rebuild the NER pipeline from the corpus folder."""
    ap = argparse.ArgumentParser(prog="train-ner", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="ThaiNER folder (holding v1.5/ or train.txt)")
    ap.add_argument("--output", type=Path, required=True, help="where the trained pipeline goes")
    ap.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    ap.add_argument("--work-dir", type=Path, default=None, help="keep DocBins and spaCy checkpoints here")
    ap.add_argument("--engine", default="nlpo3", choices=["auto", *tokenizer_th.ENGINES])
    ap.add_argument("--max-lines", type=int, default=None, help="read only the first N lines of each split")
    ap.add_argument("--epochs", type=int, default=None, help="training.max_epochs")
    ap.add_argument("--max-steps", type=int, default=None, help="training.max_steps")
    ap.add_argument("--patience", type=int, default=None, help="training.patience")
    ap.add_argument("--eval-frequency", type=int, default=None, help="training.eval_frequency")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--labels", default="scored",
                    help="entity labels to train: 'scored' (the six, default: fastest), 'all' (the six "
                         "plus MONEY, LAW, PERCENT, ...) or a comma-separated list")
    ap.add_argument("--augment", type=int, default=0,
                    help="mention-swapped copies of each train line to add (default 0)")
    ap.add_argument("--dev-block", type=int, default=20)
    ap.add_argument("--dev-every", type=int, default=10)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("spacy").propagate = False  # spaCy has its own handler

    overrides: dict = {}
    for opt, key in (("epochs", "training.max_epochs"), ("max_steps", "training.max_steps"),
                     ("patience", "training.patience"), ("eval_frequency", "training.eval_frequency"),
                     ("seed", "system.seed")):
        if getattr(args, opt) is not None:
            overrides[key] = getattr(args, opt)
    if args.max_steps is not None and args.eval_frequency is None:
        overrides["training.eval_frequency"] = max(1, min(200, args.max_steps))

    tmp = None
    work = args.work_dir
    if work is None:
        tmp = tempfile.TemporaryDirectory(prefix="train-ner-")
        work = Path(tmp.name)
    work.mkdir(parents=True, exist_ok=True)
    try:
        labels = {"all": TRAIN_LABELS, "scored": SCORED_LABELS}.get(
            args.labels, tuple(x.strip() for x in args.labels.split(",") if x.strip()))
        stats = build_corpus(args.corpus, work, engine=args.engine, max_lines=args.max_lines,
                             dev_block=args.dev_block, dev_every=args.dev_every, labels=labels,
                             fold_spaces=config_folds_spaces(args.config), augment=args.augment,
                             seed=args.seed or 0)
        stats["labels"] = list(labels)
        t0 = time.perf_counter()
        best = train(args.config, work, engine=args.engine, overrides=overrides)
        seconds = time.perf_counter() - t0
        command = "train-ner " + " ".join(sys.argv[1:] if argv is None else argv)
        scores = finalize(best, args.output, work, stats, command, seconds)
    finally:
        if tmp is not None:
            tmp.cleanup()

    print(f"saved {args.output}  (trained {seconds / 60:.1f} min)")
    print(format_table({"dev": scores["dev"], "test": scores["test"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
