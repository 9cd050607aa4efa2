# Every target installs what it needs into .venv first; nothing else to set up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
OUT := demo-out

.PHONY: demo test lint bench eval fuzz model second-look-model clean

# torch first, pinned to the CPU build kept on this kind of machine: left to pick, pip would
# take a CUDA build of several GB for --second-look's embedding model.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check 'torch==2.13.0'
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)  ## the main job on the bundled samples: clean them, then report
	@mkdir -p $(OUT)
	$(VENV)/bin/cleaner normalize samples/pages/sao-paulo-cafes.txt --explain -o $(OUT)/cafes.jsonl
	$(VENV)/bin/cleaner clean samples/dump.jsonl samples/pages -o $(OUT)/cleaned.jsonl \
		--rejects $(OUT)/rejects.jsonl --stats $(OUT)/stats.json --clusters $(OUT)/clusters.jsonl
	$(VENV)/bin/cleaner report samples/dump.jsonl samples/pages -o $(OUT)/report.html
	$(VENV)/bin/cleaner clean samples/crawl.warc.gz -o $(OUT)/crawl.jsonl --rejects $(OUT)/crawl-rejects.jsonl
	@$(PY) samples/show.py $(OUT)/crawl.jsonl
	@$(PY) samples/show.py $(OUT)/cleaned.jsonl $(OUT)/clusters.jsonl
	@$(VENV)/bin/cleaner check samples/dump.jsonl samples/pages || \
		echo "(check exits $$? here: the raw samples are full of duplicates, as a scrape dump is)"
	@echo "\nopen $(OUT)/report.html in a browser for the full report"

test: $(STAMP)  ## the test suite
	$(PY) -m pytest

fuzz: $(STAMP)  ## the property tests with a far larger budget
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_properties.py tests/test_normalize.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP)  ## speed and memory: prints a table, writes bench/results.json
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(PY) -m bench

eval: $(STAMP)  ## quality against ../shared/data (the other language detectors too), and the shipped models rebuilt
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,lang,model,eval]'
	$(PY) -m evaluate

model: $(STAMP)  ## rebuild the shipped models in cleaner/data from ../shared/data
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,model]'
	$(PY) -m scripts.build_stopwords
	$(PY) -m scripts.build_news_model

second-look-model: $(STAMP)  ## refit --second-look's weights on BBC (embeds ~40,000 sentences: minutes)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,model]'
	$(PY) -m scripts.build_second_look

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .hypothesis
