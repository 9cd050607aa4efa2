"""Write samples/dump.jsonl: a scrape dump with labelled near-duplicate headlines and boilerplate.

Each story below was written for cleaner's samples. The dump scrapes each story
one to six times from different sites, the way aggregators see it: agency
prefixes (`UPDATE 2-`), site suffixes (`- The Daily Globe`), transliteration
variants of names, dropped words, changed case; site navigation and footers glued
to the article; some records double-encoded. Every record carries its labels:

- `labels.dup_group`: records with the same value report the same story
  (near-duplicate headlines); stories that only look alike (the same template
  about another place or person) are different groups;
- `labels.boilerplate`: the lines of `text` that are not the article (the article's
  byline or date stamp under its title is the article's).

Run `python samples/make_dump.py` to rebuild; the output is deterministic.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

# (group, headline, spelling variants {name: [alternatives]}, body sentences)
STORIES: list[tuple[str, str, dict[str, list[str]], list[str]]] = [
    ("convoy", "Stranded IS convoy reaches Deir al-Zour",
     {"Deir al-Zour": ["Deir al-Zor", "Deir ez-Zor", "Deir Ezzor"]},
     ["A convoy of buses carrying militants and their families reached the eastern province after days stranded in the desert.",
      "A monitoring group said the buses crossed into government-held territory on Thursday.",
      "Coalition aircraft had earlier struck the road ahead of the convoy to stop it moving east."]),
    ("quake-japan", "Magnitude 6.4 earthquake hits northern Japan", {},
     ["The quake struck off the coast of Aomori prefecture shortly after dawn, the meteorological agency said.",
      "No tsunami warning was issued, and there were no immediate reports of serious damage.",
      "Bullet train services in the region were suspended while engineers inspected the tracks."]),
    ("quake-chile", "Magnitude 6.4 earthquake hits northern Chile", {},
     ["The quake was centred near the port of Antofagasta, the national seismology centre said.",
      "Mining companies in the Atacama region said they were checking their sites for damage.",
      "Residents of coastal towns briefly moved to higher ground as a precaution."]),
    ("rates-uk", "Bank of England raises interest rates to 5.25%", {},
     ["The Monetary Policy Committee voted six to three for the rise, its fourteenth in a row.",
      "The governor said inflation was falling but remained far too high.",
      "Mortgage lenders are expected to pass the increase on to borrowers within days."]),
    ("rates-ca", "Bank of Canada raises interest rates to 5%", {},
     ["The central bank said the economy had proved more resilient than expected.",
      "Economists had been divided on whether the bank would pause.",
      "The Canadian dollar rose against the US dollar after the announcement."]),
    ("gaddafi", "Gaddafi's son Saif al-Islam registers to run for Libya presidency",
     {"Gaddafi": ["Qaddafi", "Kadhafi"], "Saif al-Islam": ["Saif al-Islam", "Seif al-Islam"]},
     ["He submitted his papers at the electoral commission office in the southern town of Sabha.",
      "His candidacy is likely to be contested because of a conviction in absentia.",
      "The vote is meant to end a decade of division between rival governments."]),
    ("kyiv-power", "Power restored in Kyiv after overnight strikes", {"Kyiv": ["Kiev"]},
     ["Engineers worked through the night to reconnect homes in the capital, the mayor said.",
      "Air defences shot down most of the drones launched overnight, the military said.",
      "Schools opened two hours late to let families recover."]),
    ("kyiv-metro", "Kyiv metro stations used as shelters during air raid", {"Kyiv": ["Kiev"]},
     ["Thousands of people spent the night on platforms as sirens sounded across the city.",
      "Volunteers handed out blankets and tea to families with young children.",
      "Trains resumed at six in the morning."]),
    ("tesla-recall", "Tesla recalls 2 million cars over Autopilot safeguards", {},
     ["The recall follows a two-year investigation by the US road safety regulator.",
      "Tesla will send a software update to strengthen alerts that remind drivers to keep their hands on the wheel.",
      "Shares in the carmaker fell in early trading."]),
    ("ford-recall", "Ford recalls 2 million cars over faulty rear cameras", {},
     ["The carmaker said the cameras could show a blank screen when drivers reverse.",
      "Dealers will replace the affected parts free of charge.",
      "Ford said it knew of no accidents linked to the fault."]),
    ("nobel-lit", "Norwegian writer Jon Fosse wins Nobel prize in literature", {},
     ["The Swedish Academy praised his innovative plays and prose, which give voice to the unsayable.",
      "Fosse is one of the most performed playwrights in Europe.",
      "He said he was overwhelmed and a little frightened by the news."]),
    ("wildfire-maui", "Death toll from Maui wildfires rises to 93", {},
     ["It is the deadliest wildfire in the United States in more than a century.",
      "Search teams with dogs are still combing the ruins of Lahaina.",
      "The governor warned that the number of dead was likely to rise further."]),
    ("wildfire-greece", "Wildfires force evacuations on Greek island of Rhodes", {},
     ["Thousands of tourists were moved from hotels on the south of the island.",
      "Firefighters were battling the flames for a sixth day amid a heatwave.",
      "Tour operators cancelled flights to the island for the rest of the week."]),
    ("mumbai-rain", "Heavy rain floods Mumbai streets, trains halted", {},
     ["Suburban train services were suspended after tracks went under water.",
      "The weather office issued a red alert for the city and nearby districts.",
      "Schools and colleges were told to stay closed."]),
    ("chess", "Ding Liren becomes China's first world chess champion", {},
     ["He beat Ian Nepomniachtchi in a rapid tie-break in Astana.",
      "The match had been level after fourteen classical games.",
      "Ding said he had struggled with depression during the preparation."]),
    ("shabaab", "Al-Shabaab fighters attack military base in Somalia",
     {"Al-Shabaab": ["Al-Shabab", "al Shabaab"]},
     ["The attack began with a car bomb at the gate of the base, officials said.",
      "Government forces said they had repelled the attackers after hours of fighting.",
      "The group has been fighting the government for more than fifteen years."]),
    ("eurovision", "Sweden's Loreen wins Eurovision Song Contest for second time", {},
     ["She is only the second performer to win the contest twice.",
      "Finland came second with a song that was the favourite of the public vote.",
      "Sweden will host next year's contest."]),
    ("strike-rail", "Rail workers announce new strike dates over pay", {},
     ["The union said members would walk out on three days next month.",
      "Train operators warned passengers to expect little or no service on strike days.",
      "The government said the pay offer on the table was fair."]),
    ("strike-nurses", "Nurses announce new strike dates over pay", {},
     ["The nursing union said its members would walk out for two days.",
      "Emergency care will continue during the strike, the union said.",
      "Hospitals have been told to postpone planned operations."]),
    ("tsipras", "Tsipras resigns as leader of Greece's Syriza party", {},
     ["The former prime minister said the party needed a new start after its heavy election defeat.",
      "Syriza won less than 18 percent of the vote.",
      "He will remain a member of parliament."]),
    ("zelensky-visit", "Zelensky arrives in Washington for talks on military aid",
     {"Zelensky": ["Zelenskiy", "Zelenskyy"]},
     ["The Ukrainian president is due to meet the president and congressional leaders.",
      "The visit comes as a new package of aid is stalled in Congress.",
      "He will also address a meeting at the United Nations."]),
    ("tchaikovsky", "Tchaikovsky competition winners announced in Moscow",
     {"Tchaikovsky": ["Chaikovsky", "Tschaikowsky"]},
     ["Pianists from South Korea and Russia shared the first prize.",
      "The jury said the standard this year was the highest it had seen.",
      "The winners will tour Europe next spring."]),
    ("iphone", "Apple unveils iPhone 15 with USB-C charging port", {},
     ["The change follows a European Union rule requiring a common charger.",
      "The new phones also have a faster chip and a better camera.",
      "Prices start at the same level as last year's models."]),
    ("openai", "OpenAI board ousts chief executive Sam Altman", {},
     ["The board said he had not been consistently candid in his communications.",
      "The announcement surprised investors, including the company's largest backer.",
      "The chief technology officer will take over on an interim basis."]),
    ("marathon", "Kenyan Kelvin Kiptum sets marathon world record in Chicago", {},
     ["He finished in two hours and thirty-five seconds.",
      "It was only the third marathon of his career.",
      "The previous record was set in Berlin last year."]),
    ("ship-suez", "Container ship runs aground in Suez Canal, traffic delayed", {},
     ["Tug boats were sent to free the vessel, the canal authority said.",
      "Several ships waiting to pass were held at anchor at both ends of the canal.",
      "The authority said traffic would resume within hours."]),
    ("pope-health", "Pope Francis taken to hospital with respiratory infection", {},
     ["The Vatican said he would stay in hospital for a few days of treatment.",
      "He had complained of breathing difficulties in recent days.",
      "His weekly audience was cancelled."]),
    ("glastonbury", "Elton John closes Glastonbury with farewell show", {},
     ["It was his last performance in Britain before he retires from touring.",
      "The crowd was one of the largest ever seen at the Pyramid Stage.",
      "Guests included several younger artists who joined him on stage."]),
    ("gaza-aid", "First aid trucks enter Gaza through Rafah crossing", {},
     ["Twenty trucks carrying food, water and medicine crossed from Egypt.",
      "Aid agencies said far more was needed.",
      "The crossing had been closed for almost two weeks."]),
    ("coup-niger", "Soldiers in Niger say they have removed President Bazoum", {},
     ["The soldiers appeared on state television to announce that borders were closed.",
      "Regional leaders condemned the takeover and demanded his release.",
      "The president's party said he was safe."]),
    ("coup-gabon", "Soldiers in Gabon say they have removed President Bongo", {},
     ["The officers announced on television that the election results were cancelled.",
      "Crowds celebrated in the streets of the capital, Libreville.",
      "The president appeared in a video from house arrest."]),
    ("euro-inflation", "Eurozone inflation falls to 2.9% in October", {},
     ["The fall was larger than economists had forecast.",
      "Energy prices dropped sharply compared with a year earlier.",
      "The figures make a further rise in interest rates less likely."]),
    ("mars-helicopter", "NASA's Mars helicopter Ingenuity ends mission after damage", {},
     ["Images showed that one of its rotor blades had broken during landing.",
      "The helicopter made 72 flights, far more than the five planned.",
      "Engineers said it had proved that powered flight on another planet was possible."]),
    ("deir-water", "Water shortages hit Deir ez-Zor as river level falls",
     {"Deir ez-Zor": ["Deir al-Zor", "Deir Ezzor"]},
     ["Farmers along the Euphrates said their pumps no longer reached the water.",
      "Aid groups warned of outbreaks of disease if clean water ran short.",
      "The level of the river has fallen for three years in a row."]),
]

SINGLETONS = [
    ("Local bakery wins national bread award", ["The family-run bakery beat 400 others with its sourdough loaf."]),
    ("Library extends weekend opening hours", ["The change follows a petition signed by more than two thousand residents."]),
    ("New cycle lane opens on High Street", ["The lane separates cyclists from traffic with a raised kerb."]),
    ("School choir to sing at national festival", ["The choir was chosen from more than sixty entries."]),
    ("Museum returns stolen artefacts to Benin", ["The bronzes were taken by British soldiers in 1897."]),
    ("Heatwave warning issued for southern Spain", ["Temperatures are expected to reach 44C in Seville."]),
    ("Startup raises 20 million to build electric ferries", ["The company plans to launch its first route next year."]),
    ("Zoo welcomes birth of rare Sumatran tiger cubs", ["The two cubs are said to be healthy and feeding well."]),
    ("Bridge closed for repairs after lorry strike", ["Engineers will assess the damage before deciding when it can reopen."]),
    ("Hospital trials robot for knee surgery", ["Surgeons say the robot allows more precise cuts."]),
    ("Festival organisers cancel event after storm damage", ["Tickets will be refunded automatically."]),
    ("Farmers protest against cheap imports in Brussels", ["Hundreds of tractors blocked roads around the European quarter."]),
    ("Parliament passes law on short-term rentals", ["Owners will have to register their flats with the city."]),
    ("Astronomers spot comet visible to the naked eye", ["It should be easiest to see just after sunset next week."]),
    ("Rare manuscript sold at auction for record price", ["The buyer was an unnamed collector bidding by telephone."]),
    ("Airline orders 150 new planes", ["The deal is one of the largest in the company's history."]),
]

GENERIC = [
    "Officials did not respond to requests for comment.",
    "More details are expected later on Tuesday.",
    "The figures could not be independently verified.",
    "The company declined to comment further.",
]

SITES = {
    "wire.example": {
        "prefixes": ["UPDATE 1-", "UPDATE 2-", "WRAPUP 1-", "EXCLUSIVE-", ""],
        "suffix": " | Wire",
        "nav": [],
        "footer": ["Our Standards: The Trust Principles.", "Reporting by staff correspondents"],
    },
    "dailyglobe.example": {
        "prefixes": [""],
        "suffix": " - The Daily Globe",
        "nav": ["Home | World | Business | Politics | Sport", "Skip to main content"],
        "footer": ["Share this article", "Sign up for The Daily Globe morning briefing",
                   "© 2025 The Daily Globe. All rights reserved."],
    },
    "metroherald.example": {
        "prefixes": ["Live: ", "BREAKING: ", ""],
        "suffix": " (VIDEO)",
        "nav": ["Menu", "Search"],
        "footer": ["Related Stories", "Most Read", "Latest News",
                   "Metro Herald is not responsible for the content of external sites."],
    },
    "nachrichten.example": {
        "prefixes": [""],
        "suffix": " | Nachrichten",
        "nav": ["Startseite > Politik > Ausland"],
        "footer": ["Mehr zum Thema", "Artikel teilen", "Alle Rechte vorbehalten"],
    },
    "actu.example": {
        "prefixes": [""],
        "suffix": " - Actu",
        "nav": ["Accueil > International"],
        "footer": ["Lire aussi", "Partager sur Facebook", "Tous droits réservés"],
    },
}

DROPPABLE = {"the", "a", "an", "new", "first", "over", "after", "with", "for", "as"}


def vary_headline(headline: str, spellings: dict[str, list[str]], rng: random.Random,
                  site: dict) -> str:
    """One scraped form of a headline: the decorations aggregators really see."""
    text = headline
    for name, alternatives in spellings.items():
        if rng.random() < 0.6:
            text = text.replace(name, rng.choice(alternatives))
    words = text.split()
    droppable = [i for i, w in enumerate(words[1:], 1) if w.lower() in DROPPABLE]
    if droppable and rng.random() < 0.3:
        del words[rng.choice(droppable)]
    text = " ".join(words)
    if rng.random() < 0.1:
        text = text.upper() if rng.random() < 0.5 else text.lower()
    prefix = rng.choice(site["prefixes"])
    suffix = site["suffix"] if rng.random() < 0.4 else ""
    return f"{prefix}{text}{suffix}"


def mojibake(text: str) -> str:
    return text.encode("utf-8").decode("windows-1252", errors="replace")


def record(rid: int, group: str, title: str, body: list[str], site_name: str,
           rng: random.Random) -> dict:
    site = SITES[site_name]
    nav = rng.sample(site["nav"], k=min(len(site["nav"]), rng.randint(0, 2)))
    footer = rng.sample(site["footer"], k=rng.randint(1, len(site["footer"])))
    byline = [] if rng.random() < 0.5 else [rng.choice(
        ["By Anna Kovacs", "By staff reporters", "Updated 09:41 GMT", "Published 2 hours ago"])]
    paragraphs = [title, *nav, *byline, *body, *footer]
    text = "\n\n".join(paragraphs)
    if rng.random() < 0.08:
        text = mojibake(text)
    return {
        "id": f"d{rid:04d}",
        "title": title,
        "text": text,
        "url": f"https://{site_name}/news/{group}-{rid}",
        "source": site_name,
        "published": f"2025-03-{1 + rid % 28:02d}T{rid % 24:02d}:00:00Z",
        "labels": {"dup_group": group, "boilerplate": nav + footer},
    }


def build(seed: int = 20250301) -> list[dict]:
    rng = random.Random(seed)
    out: list[dict] = []
    english_sites = ["wire.example", "dailyglobe.example", "metroherald.example"]
    for group, headline, spellings, sentences in STORIES:
        for _ in range(rng.randint(3, 12)):
            site_name = rng.choice(english_sites)
            title = vary_headline(headline, spellings, rng, SITES[site_name])
            body = rng.sample(sentences, k=rng.randint(2, len(sentences)))
            if rng.random() < 0.4:
                body.append(rng.choice(GENERIC))
            out.append(record(len(out), group, title, body, site_name, rng))
    for i, (headline, sentences) in enumerate(SINGLETONS):
        site_name = rng.choice(english_sites)
        out.append(record(len(out), f"single-{i}", headline, [*sentences, rng.choice(GENERIC)],
                          site_name, rng))
    # Two foreign-language sites, so lexicon boilerplate in German and French shows up.
    foreign = [
        ("nachrichten.example", "wahl-berlin", "Berliner Wähler stimmen über Mietendeckel ab",
         ["Die Abstimmung findet am Sonntag statt.", "Befürworter hoffen auf niedrigere Mieten."]),
        ("actu.example", "greve-paris", "Grève dans les transports parisiens ce jeudi",
         ["La RATP prévoit un trafic très perturbé.", "Les syndicats réclament des hausses de salaires."]),
    ]
    for site_name, group, headline, sentences in foreign:
        for _ in range(3):
            out.append(record(len(out), group, vary_headline(headline, {}, rng, SITES[site_name]),
                              sentences, site_name, rng))
    rng.shuffle(out)
    return out


def main() -> None:
    path = Path(__file__).with_name("dump.jsonl")
    with path.open("w", encoding="utf-8") as fh:
        for rec in build():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
