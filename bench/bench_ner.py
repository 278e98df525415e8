"""Benchmark our Thai NER pipeline against PyThaiNLP's bundled ThaiNER CRF.

Both systems are scored on ThaiNER v1.5 ``test.txt`` by the same scorer: spaCy's
entity-level ``get_ner_prf`` over ``Example`` objects, restricted to PERSON,
ORGANIZATION, LOCATION, DATE, TIME and FACILITY (``extractor.ner_train.score_examples``).
Speed is words per second on one core, raw text in, entities out; "words" are
non-whitespace tokens of our tokenizer.

The CRF: ``thainer_crf_1_5_1.model`` from the pythainlp wheel (ThaiNER 1.5,
"newmm-lst20": trained on the same corpus's train split). PyThaiNLP 5.x cannot
run it offline as shipped: ``ThaiNameTagger(version="1.5")`` asks the catalog for
version "1.5" (the bundled entry is "1.5.1") and its LST20/Blackboard POS
tagger is a download. So this script drives the model file through
python-crfsuite itself: the same token sequence our model sees, POS from
PyThaiNLP's bundled ORCHID perceptron mapped to the LST20 tag set the model was
trained with, and the feature names stored in the model (they differ slightly
from pythainlp's current ``_doc2features``: ``word.prepostag``,
``word.isdigit()``). ``--crf-pos none`` and ``--crf-features pythainlp`` show
how much each of those choices matters. The CRF has no FACILITY label.

Usage::

    OMP_NUM_THREADS=1 .venv/bin/python bench/bench_ner.py [--corpus ../shared/data/thainer]
        [--model models/th_news_ner] [--json out.json]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Callable, Sequence  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "thainer"
DEFAULT_MODEL = ROOT / "models" / "th_news_ner"

# ORCHID (PyThaiNLP's bundled perceptron) -> LST20, the tag set of the CRF's POS features.
ORCHID_TO_LST20 = {
    "NPRP": "NN", "NCMN": "NN", "NTTL": "NN", "NLBL": "NN", "NCNM": "NU", "NONM": "NU",
    "PPRS": "PR", "PDMN": "PR", "PNTR": "PR", "PREL": "PR",
    "VACT": "VV", "VSTA": "VV", "VATT": "AJ",
    "XVBM": "AX", "XVAM": "AX", "XVMM": "AX", "XVBB": "AX", "XVAE": "AX",
    "DDAN": "AJ", "DDAC": "AJ", "DDBQ": "AJ", "DDAQ": "AJ", "DIAC": "AJ", "DIBQ": "AJ", "DIAQ": "AJ",
    "DCNM": "NU", "DONM": "NU",
    "ADVN": "AV", "ADVI": "AV", "ADVP": "AV", "ADVS": "AV",
    "CNIT": "CL", "CLTV": "CL", "CMTR": "CL", "CFQC": "CL", "CVBL": "CL",
    "JCRG": "CC", "JCMP": "CC", "JSBR": "CC", "RPRE": "PS",
    "INT": "IJ", "FIXN": "FX", "FIXV": "FX", "EAFF": "PA", "EITT": "PA", "NEG": "NG", "PUNC": "PU",
}


def pin_one_core() -> None:
    """Run this process on a single CPU, when the OS allows it."""
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        except OSError:
            pass


def words_in(docs: Sequence) -> int:
    """Non-whitespace tokens: the 'words' of words per second."""
    return sum(1 for d in docs for t in d if not t.is_space)


def timed(fn: Callable[[], list], repeat: int) -> tuple[float, float, list]:
    """Median wall and CPU seconds of ``repeat`` runs (after one warm-up on the same input).

    CPU time (``time.process_time``) is what one core spent; on a machine shared
    with other work it is the steadier of the two.
    """
    out = fn()
    walls, cpus = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus), out


class CRFTagger:
    """PyThaiNLP's ThaiNER 1.5 CRF model, driven directly through python-crfsuite."""

    def __init__(self, pos: str = "orchid", features: str = "model") -> None:
        import pycrfsuite
        from pythainlp.corpus import corpus_path, thai_stopwords
        from pythainlp.util import is_thai

        path = Path(corpus_path()) / "thainer_crf_1_5_1.model"
        if not path.is_file():
            raise FileNotFoundError(f"{path} not in this pythainlp wheel")
        self.path = path
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))
        self.pos = pos
        self.features = features
        self._stop = thai_stopwords()
        self._is_thai = is_thai

    def pos_tags(self, words: list[str]) -> list[str]:
        """LST20-like POS for ``words`` (or a constant when ``pos == 'none'``)."""
        if self.pos == "none":
            return ["NN"] * len(words)
        from pythainlp.tag import pos_tag

        return [ORCHID_TO_LST20.get(t, "XX") for _, t in pos_tag(words, engine="perceptron", corpus="orchid")]

    def _feats_model(self, words: list[str], tags: list[str]) -> list[dict]:
        stop, is_thai, n = self._stop, self._is_thai, len(words)
        info = [(w, t, w in stop, is_thai(w), w.isspace(), w.isdigit()) for w, t in zip(words, tags)]
        out = []
        for i, (w, t, st, th, sp, dg) in enumerate(info):
            f: dict = {"word.word": w, "word.stopword": st, "word.isthai": th, "word.isspace": sp,
                       "postag": t, "word.isdigit()": dg}
            if dg and len(w) == 5:
                f["word.islen5"] = True
            if i > 0:
                pw, pt, pst, pth, psp, pdg = info[i - 1]
                f.update({"word.prevword": pw, "word.previsspace": psp, "word.previsthai": pth,
                          "word.prevstopword": pst, "word.prepostag": pt, "word.prevwordisdigit": pdg})
            else:
                f["BOS"] = True
            if i < n - 1:
                nw, nt, nst, nth, nsp, ndg = info[i + 1]
                f.update({"word.nextword": nw, "word.nextisspace": nsp, "word.nextpostag": nt,
                          "word.nextisthai": nth, "word.nextstopword": nst, "word.nextwordisdigit": ndg})
            else:
                f["EOS"] = True
            out.append(f)
        return out

    def tag(self, words: list[str]) -> list[str]:
        """BIO tags for a token sequence."""
        if not words:
            return []
        tags = self.pos_tags(words)
        if self.features == "pythainlp":
            from pythainlp.tag.thainer import ThaiNameTagger

            feats = ThaiNameTagger._extract_features(list(zip(words, tags)))
        else:
            feats = self._feats_model(words, tags)
        return self.tagger.tag(feats)


def spaced_words(doc) -> list[str]:
    """The words of ``doc`` with each folded trailing space put back as a word of its own."""
    out: list[str] = []
    for t in doc:
        out.append(t.text)
        if t.whitespace_:
            out.append(t.whitespace_)
    return out


def bio_to_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans from BIO tags (an I- that does not continue starts a new entity)."""
    spans = []
    start, label = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, lab = tag.partition("-")
        if start is not None and not (prefix == "I" and lab == label):
            spans.append((start, i, label))
            start, label = None, None
        if prefix in ("B", "I") and start is None:
            start, label = i, lab
    return spans


def trim_space(doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds with whitespace tokens trimmed off both ends."""
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return start, end


def set_trimmed_ents(doc, spans: list[tuple[int, int, str]]):
    """Set ``doc.ents`` from token spans, whitespace trimmed off their edges (gold is trimmed)."""
    from spacy.tokens import Span

    ents = []
    for s, e, lab in spans:
        s, e = trim_space(doc, s, e)
        if s < e:
            ents.append(Span(doc, s, e, label=lab))
    doc.set_ents(ents, default="outside")
    return doc


def main(argv: Sequence[str] | None = None) -> int:
    """Print per-label P/R/F1 and words/s for our model and the PyThaiNLP CRF."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="ThaiNER folder (default ../shared/data/thainer)")
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--max-lines", type=int, default=None, help="only the first N test lines")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per system (median reported)")
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--crf-pos", choices=["orchid", "none"], default="orchid")
    ap.add_argument("--crf-features", choices=["model", "pythainlp"], default="model")
    ap.add_argument("--no-crf", action="store_true")
    ap.add_argument("--gold-tokens", action="store_true",
                    help="also score both systems on the gold (per-tag-segment) tokenization")
    ap.add_argument("--json", type=Path, default=None, help="write the results here")
    args = ap.parse_args(argv)

    try:
        import spacy  # noqa: F401
    except ImportError:
        print("SKIP: spaCy is not installed (pip install -e '.[ner]')")
        return 0
    from extractor import ner_train as nt
    from extractor import tokenizer_th  # noqa: F401  (registers the tokenizer)

    try:
        cdir = nt.find_corpus_dir(args.corpus)
    except FileNotFoundError:
        print(f"SKIP: ThaiNER v1.5 not found at {args.corpus} (shared data absent?); pass --corpus DIR")
        return 0
    if not (args.model / "meta.json").is_file():
        print(f"ERROR: no trained pipeline at {args.model}; train one with python -m extractor.ner_train")
        return 1

    pin_one_core()
    from spacy.tokens import Doc
    from spacy.training import Example

    nlp = spacy.load(args.model)
    stats = nt.SplitStats()
    lines = nt.read_split(cdir / "test.txt", dedupe=False, max_lines=args.max_lines, stats=stats)
    parsed = nt.parse_lines(lines, stats)
    gold = [nt.segments_to_doc(nlp, segs, labels=None) for segs in parsed]
    texts = [g.text for g in gold]
    print(f"ThaiNER v1.5 test: {len(gold)} lines ({stats.unbalanced} unbalanced skipped), "
          f"{sum(len(g.ents) for g in gold)} gold entities; model {args.model} "
          f"(tokenizer engine {nlp.tokenizer.engine})")

    results: dict = {"test_lines": len(gold), "systems": {}}
    tables: dict = {}

    # --- ours: raw text in
    t_ours, c_ours, docs = timed(lambda: list(nlp.pipe(texts, batch_size=args.batch_size)), args.repeat)
    n_words = words_in(docs)
    for d in docs:  # same post-processing for both systems
        set_trimmed_ents(d, [(e.start, e.end, e.label_) for e in d.ents])
    tables["ours"] = nt.score_examples([Example(p, g) for p, g in zip(docs, gold)])
    results["systems"]["ours"] = {"scores": tables["ours"], "words": n_words, "seconds": t_ours,
                                  "cpu_seconds": c_ours, "words_per_second": n_words / t_ours,
                                  "words_per_cpu_second": n_words / c_ours,
                                  "tokens_per_cpu_second": sum(len(d) for d in docs) / c_ours}

    # --- PyThaiNLP CRF: the same token sequence
    crf = None
    if not args.no_crf:
        try:
            crf = CRFTagger(pos=args.crf_pos, features=args.crf_features)
        except (ImportError, FileNotFoundError) as exc:
            print(f"SKIP CRF: {exc}")
    if crf is not None:
        words_of = nlp.tokenizer.words_of

        def run_crf() -> list:
            out = []
            for text in texts:
                words = words_of(text)
                out.append((words, crf.tag(words)))
            return out

        t_crf, c_crf, tagged = timed(run_crf, args.repeat)
        crf_docs = []
        for words, tags in tagged:
            d = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
            crf_docs.append(set_trimmed_ents(d, bio_to_spans(tags)))
        tables["crf"] = nt.score_examples([Example(p, g) for p, g in zip(crf_docs, gold)])
        results["systems"]["crf"] = {"scores": tables["crf"], "words": words_in(crf_docs), "seconds": t_crf,
                                     "cpu_seconds": c_crf, "words_per_second": words_in(crf_docs) / t_crf,
                                     "words_per_cpu_second": words_in(crf_docs) / c_crf,
                                     "model": str(crf.path), "pos": args.crf_pos, "features": args.crf_features}

    print("\nEntity-level P/R/F1 on ThaiNER v1.5 test (spaCy get_ner_prf; raw text, each system's output "
          "on our tokenization)\n")
    print(nt.format_table(tables))
    print()
    for name, r in results["systems"].items():
        print(f"{name:5s} micro F1 {r['scores']['f']:.4f}   {r['words_per_cpu_second']:,.0f} words per CPU-second, "
              f"{r['words_per_second']:,.0f} words/s wall ({r['words']} words; {r['cpu_seconds']:.2f} s CPU, "
              f"{r['seconds']:.2f} s wall; 1 core)")

    if args.gold_tokens:
        gold_tables: dict = {}
        pred = [Doc(nlp.vocab, words=[t.text for t in g], spaces=[bool(t.whitespace_) for t in g]) for g in gold]
        ours_gold = list(nlp.pipe(pred, batch_size=args.batch_size))
        for d in ours_gold:
            set_trimmed_ents(d, [(e.start, e.end, e.label_) for e in d.ents])
        gold_tables["ours"] = nt.score_examples([Example(p, g) for p, g in zip(ours_gold, gold)])
        if crf is not None:
            crf_gold = []
            for g in gold:
                words = spaced_words(g)  # the CRF was trained with spaces as tokens
                d = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
                crf_gold.append(set_trimmed_ents(d, bio_to_spans(crf.tag(words))))
            gold_tables["crf"] = nt.score_examples([Example(p, g) for p, g in zip(crf_gold, gold)])
        print("\nSame, on the gold tokenization (tokens never cross a tag edge: an upper bound)\n")
        print(nt.format_table(gold_tables))
        results["gold_tokens"] = gold_tables

    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
