"""Build cleaner/data/stopwords.json: each language's most frequent words.

    python -m scripts.build_stopwords        (or: make model)

From the first half of each language's sentences in lingua-sentences (Apache-2.0);
the second half is kept for `make eval`. The language check uses these profiles to
decide cheaply which sentences need the slow language detector.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from cleaner.flags.news import words
from evaluate.common import data_path

ROOT = Path(__file__).resolve().parent.parent
TOP = 100
MIN_SHARE = 0.001  # of all words: below this a "frequent" word is just a topic word


def main() -> None:
    profiles = {}
    for path in sorted(data_path("lingua-sentences").glob("*.txt")):
        lines = path.read_text("utf-8").splitlines()
        tokens = [w for line in lines[: len(lines) // 2] for w in words(line)]
        counts = Counter(tokens)
        if not tokens or len(counts) < 0.05 * len(tokens):
            continue  # scripts written without spaces: the script check covers them
        top = [w for w, n in counts.most_common(TOP) if n >= MIN_SHARE * len(tokens)]
        profiles[path.stem] = sorted(top)
    out = ROOT / "cleaner" / "data" / "stopwords.json"
    out.write_text(json.dumps(profiles, ensure_ascii=False, indent=0, sort_keys=True) + "\n", "utf-8")
    print(f"wrote {out}: {len(profiles)} languages")


if __name__ == "__main__":
    main()
