"""Well-known mountains, deserts, rivers, seas, regions and landmarks of
``data/sources/regions.csv``, through the public API: each is found in a sentence of its
language, with the span news writes (the article left out), and the risky forms left out or
guarded give no wrong pin.
"""

from __future__ import annotations

import pytest

from geo.pipeline import parse_text


def spans(text: str, lang: str) -> list[tuple[str, str]]:
    """(surface, place id) of every mention, in order."""
    return [(m.text, m.place.id) for m in parse_text(text, lang=lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # English
        ("Climbers died in the Alps on Monday.", "en", [("Alps", "region:alps")]),
        # the range, not the Colombian town of Andes
        ("Glaciers are shrinking across the Andes, scientists said.", "en",
         [("Andes", "region:andes")]),
        ("Snow fell across the Rockies overnight.", "en",
         [("Rockies", "region:rocky-mountains")]),
        ("Wildfires spread in the Rocky Mountains.", "en",
         [("Rocky Mountains", "region:rocky-mountains")]),
        ("Migrants crossed the Sahara to reach Libya.", "en",
         [("Sahara", "region:sahara"), ("Libya", "country:LBY")]),
        ("Hikers were rescued in the Pyrenees.", "en", [("Pyrenees", "region:pyrenees")]),
        ("Drought hit farmers in Patagonia.", "en", [("Patagonia", "region:patagonia")]),
        ("Oil platforms in the North Sea were shut.", "en", [("North Sea", "region:north-sea")]),
        ("The Dead Sea is shrinking fast.", "en", [("Dead Sea", "region:dead-sea")]),
        ("Fighters hid in the Hindu Kush for years.", "en",
         [("Hindu Kush", "region:hindu-kush")]),
        ("Dams on the Mekong threaten fishermen.", "en", [("Mekong", "region:mekong")]),
        ("Egypt depends on the Nile for its water.", "en",
         [("Egypt", "country:EGY"), ("Nile", "region:nile")]),
        ("Barges were stranded on the Danube.", "en", [("Danube", "region:danube")]),
        ("Low water on the Rhine slowed shipping.", "en", [("Rhine", "region:rhine")]),
        ("Protesters gathered in Trafalgar Square on Saturday.", "en",
         [("Trafalgar Square", "site:trafalgar-square")]),
        ("The Eiffel Tower was closed by a strike.", "en",
         [("Eiffel Tower", "site:eiffel-tower")]),
        ("The King returned to Buckingham Palace.", "en",
         [("Buckingham Palace", "site:buckingham-palace")]),
        ("A record number of climbers reached Mount Everest this year.", "en",
         [("Mount Everest", "region:mount-everest")]),
        ("Three climbers died on Everest.", "en", [("Everest", "region:mount-everest")]),
        # the county, not Cornwall, Ontario
        ("Storms battered Cornwall overnight.", "en", [("Cornwall", "region:cornwall")]),
        ("Floods hit Yorkshire again.", "en", [("Yorkshire", "region:yorkshire")]),
        ("Wind farms are planned in the Scottish Highlands.", "en",
         [("Scottish Highlands", "region:scottish-highlands")]),
        ("Fires broke out on the French Riviera.", "en",
         [("French Riviera", "region:french-riviera")]),
        ("Yachts filled the ports of the Côte d'Azur.", "en",
         [("Côte d'Azur", "region:french-riviera")]),
        ("Opioid deaths soared in Appalachia.", "en", [("Appalachia", "region:appalachia")]),
        ("Tornadoes swept the Great Plains.", "en", [("Great Plains", "region:great-plains")]),
        ("Tourists flock to Lapland for Christmas.", "en", [("Lapland", "region:lapland")]),
        ("Tourists flocked to Provence this summer.", "en", [("Provence", "region:provence")]),
        # French
        ("Les randonneurs ont traversé les Alpes lundi.", "fr", [("Alpes", "region:alps")]),
        ("La cordillère des Andes est touchée par la sécheresse.", "fr",
         [("cordillère des Andes", "region:andes")]),
        ("Des incendies ravagent les Rocheuses.", "fr", [("Rocheuses", "region:rocky-mountains")]),
        ("Les migrants traversent le Sahara.", "fr", [("Sahara", "region:sahara")]),
        ("Les vacanciers affluent en Provence.", "fr", [("Provence", "region:provence")]),
        ("Les randonneurs ont traversé les Pyrénées lundi.", "fr",
         [("Pyrénées", "region:pyrenees")]),
        ("La sécheresse frappe la Patagonie.", "fr", [("Patagonie", "region:patagonia")]),
        ("Des plateformes en mer du Nord ont été fermées.", "fr",
         [("mer du Nord", "region:north-sea")]),
        ("La mer Morte recule chaque année.", "fr", [("mer Morte", "region:dead-sea")]),
        ("Les touristes partent en Laponie pour Noël.", "fr", [("Laponie", "region:lapland")]),
        ("Des barrages sur le Mékong menacent les pêcheurs.", "fr",
         [("Mékong", "region:mekong")]),
        ("L'Égypte dépend du Nil.", "fr", [("Égypte", "country:EGY"), ("Nil", "region:nile")]),
        ("Des péniches sont bloquées sur le Danube.", "fr", [("Danube", "region:danube")]),
        ("Le niveau du Rhin est très bas.", "fr", [("Rhin", "region:rhine")]),
        ("La tour Eiffel a fermé à cause d'une grève.", "fr",
         [("tour Eiffel", "site:eiffel-tower")]),
        ("Le défilé a descendu les Champs-Élysées.", "fr",
         [("Champs-Élysées", "site:champs-elysees")]),
        ("Des incendies sur la Côte d'Azur.", "fr", [("Côte d'Azur", "region:french-riviera")]),
        ("La neige est tombée sur le Massif central.", "fr",
         [("Massif central", "region:massif-central")]),
        ("Les flamants roses de Camargue.", "fr", [("Camargue", "region:camargue")]),
        ("Il neige dans les Vosges.", "fr", [("Vosges", "region:vosges")]),
        ("Les truffes du Périgord.", "fr", [("Périgord", "region:perigord")]),
    ],
)
def test_added_region_or_site_is_found(text, lang, expected):
    assert spans(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # names that contain a new one keep their own place, the longest name wins
        ("Il a visité la région Provence-Alpes-Côte d'Azur et les Alpes-Maritimes.", "fr",
         [("Provence-Alpes-Côte d'Azur", "adm1:FR-provence-alpes-cote-d-azur"),
          ("Alpes-Maritimes", "region:fr-alpes-maritimes")]),
        ("Alerte dans les Alpes-de-Haute-Provence et les Alpes.", "fr",
         [("Alpes-de-Haute-Provence", "region:fr-alpes-de-haute-provence"),
          ("Alpes", "region:alps")]),
        ("Il vit à Aix-en-Provence.", "fr", [("Aix-en-Provence", "gn:3038354")]),
        ("Fighting resumed in Western Sahara.", "en", [("Western Sahara", "country:ESH")]),
        ("The River Nile state in Sudan was hit.", "en",
         [("River Nile state", "adm1:SD-river-nile"), ("Sudan", "country:SDN")]),
        ("He visited North Rhine-Westphalia.", "en",
         [("North Rhine-Westphalia", "adm1:DE-north-rhine-westphalia")]),
        ("He lives in Los Andes, Chile.", "en",
         [("Los Andes", "gn:3882434"), ("Chile", "country:CHL")]),
        ("He was born in Cornwall, Ontario.", "en",
         [("Cornwall", "gn:5928065"), ("Ontario", "adm1:CA-ontario")]),
        ("Il a quitté l'Élysée pour les Champs-Élysées.", "fr",
         [("Élysée", "site:elysee"), ("Champs-Élysées", "site:champs-elysees")]),
        ("Heavy rain hit the Amazon rainforest.", "en", [("Amazon rainforest", "region:amazon")]),
    ],
)
def test_longer_names_keep_their_place(text, lang, expected):
    assert spans(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # left out: ordinary words, homonyms, départements and rivers, institutions
        ("Amazon shares fell on Monday.", "en"),
        ("Le pays du soleil levant.", "fr"),
        ("Le soleil levant se reflète sur la Loire.", "fr"),
        ("Il a gagné la première manche.", "fr"),
        ("Il a traversé la Manche à la nage.", "fr"),
        ("Il a pris le train pour la Savoie et le Jura.", "fr"),
        ("The Levant and the Outback and the Midwest.", "en"),
        ("The Riviera was crowded.", "en"),
        ("The Highlands and Islands.", "en"),
        ("Le Bas-Rhin et le Haut-Rhin sont en alerte.", "fr"),
        ("Les Pyrénées-Orientales et les Hautes-Pyrénées sont touchées.", "fr"),
        ("Buckingham was a duke.", "en"),
        ("Trafalgar was a battle.", "en"),
        ("Wall Street fell sharply.", "en"),
        ("Matignon a annoncé un plan.", "fr"),
        ("Les Ardennes et la Vendée.", "fr"),
        ("The Amazon is burning.", "en"),
        # a team and a company named after the place (data/blockers.csv)
        ("The Colorado Rockies won again.", "en"),
        ("Everest Re reported a loss.", "en"),
        ("Sales of the Jordan brand rose at Nike; Air Jordan shoes sold out.", "en"),
    ],
)
def test_risky_forms_give_no_wrong_pin(text, lang):
    assert spans(text, lang) == []


def test_the_country_named_beside_its_brand_namesake_is_still_pinned():
    assert spans("Air Jordan sales rose in Amman, Jordan.", "en") == [
        ("Amman", "gn:250441"), ("Jordan", "country:JOR")]
