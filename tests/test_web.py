"""The web app through FastAPI's TestClient: routes, contract JSON, escaping, errors, read-only.

The store is built once per module from three short stories written for these tests (one carries
HTML and script tags). Expectations about records are taken from the stored readings themselves,
so these tests check the web layer, not what the stages extract.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from fastapi.testclient import TestClient

from newswire.contract import validate_reading
from newswire.records import Reading
from newswire.store import open_store, write_reading
from newswire.web import render, topics
from newswire.web.app import MAX_BODY_BYTES, create_app

HOSTILE = ("KYIV, March 3 (Newswire) - <script>window.__pwned = 1</script>Ukraine's defence minister Oleksii "
           "Reznikov said on Friday that Russian forces would probably launch a new offensive in the spring. "
           "<img src=x onerror=\"window.__pwned = 2\"> Russian troops shelled the city of Kherson on Thursday, "
           "regional officials said, killing 4 civilians.\n")
STORIES = [
    ("2023-03-03", "Markup in the wire copy", HOSTILE),
    ("2023-01-10", "Alliance chief doubts a quick end",
     "BRUSSELS, Jan 10 (Newswire) - NATO Secretary-General Jens Stoltenberg said on Tuesday it was unlikely that "
     "Russia would win the war in Ukraine this year. \"We must keep supporting Kyiv,\" Stoltenberg told reporters. "
     "Russia attacked Ukraine's power grid with drones overnight, Ukrainian officials said.\n"),
    ("2023-06-20", "Stoltenberg repeats doubts",
     "VILNIUS, June 20 (Newswire) - Jens Stoltenberg said it was very unlikely that Russia would win the war in "
     "Ukraine. He said allies would meet in Vilnius in July. Russia attacked Ukraine with missiles on Monday, "
     "the Ukrainian air force said.\n"),
]


@pytest.fixture(scope="module")
def stored(reader, tmp_path_factory) -> tuple[str, list[Reading]]:
    """A store holding the three test stories, and their readings."""
    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    readings = [reader.read_text(text, published=published, title=title) for published, title, text in STORIES]
    con = open_store(path)
    for reading in readings:
        write_reading(con, reading)
    con.close()
    return str(path), readings


@pytest.fixture(scope="module")
def client(stored, reader) -> TestClient:
    with TestClient(create_app(stored[0], reader=reader)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def hostile(stored) -> Reading:
    return stored[1][0]


def _file_hash(path: str) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


# --- pages -----------------------------------------------------------------------------------

PAGES = ["/", "/speakers", "/speakers/Jens%20Stoltenberg", "/topics", "/events", "/events?type=ASSAULT",
         "/search?q=Stoltenberg", "/search", "/read", "/?date_from=2023-01-01&date_to=2023-12-31"]


@pytest.mark.parametrize("url", PAGES)
def test_page_renders_with_security_headers(client, url):
    response = client.get(url, headers={"accept": "text/html"})
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"


def test_every_document_page_renders_and_links_its_assets_locally(client, stored):
    for reading in stored[1]:
        page = client.get(f"/documents/{reading.document.id}").text
        assert reading.document.title in page
        assets = re.findall(r'(?:src|href)="([^"#?]+)"', page)
        assert assets and all(a.startswith("/") for a in assets), assets
    for asset in ("/static/app.css", "/static/app.js", "/static/world-110m.svg", "/static/favicon.svg"):
        assert client.get(asset).status_code == 200, asset


def test_reader_segments_cover_the_text_and_panel_lists_every_record(client, stored):
    reading = stored[1][1]
    page = client.get(f"/documents/{reading.document.id}").text
    for record in (*reading.statements, *reading.assessments, *reading.events, *reading.actors, *reading.places):
        assert f'data-target="{record.id}"' in page
        assert f'id="r-{record.id}"' in page, f"no scroll anchor for {record.id}"
    for judgment in reading.assessments:
        assert f'<span class="badge">{round(judgment.probability * 100)}%</span>' in page


def test_reader_escapes_script_and_markup_in_story_text(client, hostile):
    response = client.get(f"/documents/{hostile.document.id}")
    page = response.text
    assert "<script>window" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "onerror=&#34;window.__pwned = 2&#34;" in page or "onerror=&quot;window.__pwned = 2&quot;" in page
    embedded = re.search(r'<script type="application/json" id="records-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in embedded, "record JSON in the page must not contain a raw '<'"


def test_pasted_story_is_read_escaped_and_not_stored(client, stored):
    before = client.get("/api/overview").json()["documents"]
    response = client.post("/read", data={"text": HOSTILE.replace("March 3", "March 4"), "published": "2023-03-04",
                                          "title": "<b>pasted</b>"})
    assert response.status_code == 200
    assert "read just now, not stored" in response.text
    assert "<script>window" not in response.text and "&lt;b&gt;pasted&lt;/b&gt;" in response.text
    assert client.get("/api/overview").json()["documents"] == before


def test_uploaded_text_file_is_read(client):
    story = "LONDON, May 2 (Newswire) - Britain's foreign secretary said on Tuesday that talks would resume.\n"
    response = client.post("/read", files={"file": ("story.txt", story.encode(), "text/plain")})
    assert response.status_code == 200 and "talks would resume" in response.text


@pytest.mark.parametrize("data,message", [({"text": "   "}, "paste a story"),
                                           ({"text": "Some text.", "published": "next week"}, "YYYY-MM-DD")])
def test_bad_pasted_story_gets_422_with_reason(client, data, message):
    response = client.post("/read", data=data, headers={"accept": "text/html"})
    assert response.status_code == 422 and message in response.text


# --- API -------------------------------------------------------------------------------------

def test_api_document_is_the_stored_reading_in_the_contract(client, stored):
    for reading in stored[1]:
        body = client.get(f"/api/documents/{reading.document.id}").json()
        assert validate_reading(body) == []
        assert body == reading.to_dict()


def test_api_read_returns_a_valid_reading(client):
    response = client.post("/api/read", json={"text": HOSTILE, "published": "2023-03-03"})
    assert response.status_code == 200
    assert validate_reading(response.json()) == []
    assert response.json()["document"]["text"] == HOSTILE


def test_api_lists_documents_newest_first_with_filters(client, stored):
    rows = client.get("/api/documents").json()
    assert [r["published"] for r in rows] == sorted((s[0] for s in STORIES), reverse=True)
    assert {r["id"] for r in rows} == {r.document.id for r in stored[1]}
    only = client.get("/api/documents", params={"date_from": "2023-02", "date_to": "2023-05"}).json()
    assert [r["published"] for r in only] == ["2023-03-03"]
    assert client.get("/api/documents", params={"actor": "no such actor anywhere"}).json() == []
    assert len(client.get("/api/documents", params={"actor": "stoltENBERG"}).json()) == 2
    for wildcard in ("%", "_", "S%g"):
        assert client.get("/api/documents", params={"actor": wildcard}).json() == [], "name parts match literally"


def test_api_speaker_statements_newest_first(client, stored):
    said = [(r.document.published, s.content.text) for r in stored[1] for s in r.statements
            if s.speaker_name == "Jens Stoltenberg"]
    body = client.get("/api/speakers/Jens Stoltenberg").json()
    assert [s["content"] for s in body["statements"]] == [t for _, t in sorted(said, key=lambda p: p[0], reverse=True)]
    dates = [s["published"] for s in body["statements"]]
    assert dates == sorted(dates, reverse=True)


def test_speaker_page_draws_each_judgment_with_error_bars(client, stored):
    judgments = [j for r in stored[1] for j in r.assessments if j.holder_name == "Jens Stoltenberg"]
    page = client.get("/speakers/Jens Stoltenberg").text
    assert page.count('class="errorbar"') == len(judgments)
    assert page.count("<circle") >= len(judgments)


def test_api_events_timeline_and_places(client, stored):
    names = {(r.document.id, a.id): a.name for r in stored[1] for a in r.actors}
    pairs = [(names[(r.document.id, e.source[0])], names[(r.document.id, e.target[0])])
             for r in stored[1] for e in r.events if e.source and e.target]
    assert pairs, "the test stories should yield at least one event with a source and a target"
    source, target = pairs[0]
    months = client.get("/api/events/timeline", params={"source": target, "target": source}).json()
    assert sum(sum(v for k, v in m.items() if k != "month") for m in months) >= pairs.count((source, target))
    placed = {(r.document.id, p.id) for r in stored[1] for p in r.places if p.lat is not None}
    expected = sum(1 for r in stored[1] for e in r.events if (r.document.id, e.place) in placed)
    places = client.get("/api/events/places").json()
    assert sum(p["events"] for p in places) == expected
    assert all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in places)


def test_api_event_filters(client, stored):
    every = client.get("/api/events").json()
    assert len(every) == sum(len(r.events) for r in stored[1])
    kinds = {e["type"] for e in every}
    for kind in kinds:
        assert all(e["type"] == kind for e in client.get("/api/events", params={"type": kind}).json())
    assert client.get("/api/events", params={"date_to": "2022-12-31"}).json() == []


@pytest.mark.parametrize("query", ["Stoltenberg", "stoltenberg kyiv", "Reznikov offensive"])
def test_api_search_finds_statements_and_documents(client, query):
    body = client.get("/api/search", params={"q": query}).json()
    assert body["documents"], query
    first_word = query.split()[0].lower()
    assert any(first_word in (h["snippet"] + (h["title"] or "")).lower() for h in body["documents"])


@pytest.mark.parametrize("query", ["'; DROP TABLE documents; --", "\" OR 1=1", "*", "%", "<script>", "ünïcode ✓"])
def test_api_search_takes_hostile_queries_as_words(client, query):
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 200
    assert set(response.json()) == {"documents", "statements"}


def test_openapi_document_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/speakers/{name}", "/api/topics", "/api/events",
                 "/api/events/timeline", "/api/events/places", "/api/search", "/api/read"):
        assert path in paths, path
    assert not any(p.startswith("/documents") for p in paths), "HTML pages stay out of the API document"


# --- errors, limits, read-only ---------------------------------------------------------------

@pytest.mark.parametrize("url,message", [
    ("/api/documents/0000000000000000", "no document with id '0000000000000000'"),
    ("/api/speakers/Nobody Atall", "no statements or judgments by a speaker named 'Nobody Atall'"),
    ("/api/nothing-here", "Not Found"),
])
def test_api_404_says_what_is_missing(client, url, message):
    response = client.get(url)
    assert response.status_code == 404 and message in response.json()["detail"]


def test_html_404_is_a_page(client):
    response = client.get("/documents/0000000000000000", headers={"accept": "text/html"})
    assert response.status_code == 404 and "no document with id" in response.text and "<html" in response.text


@pytest.mark.parametrize("url", ["/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py",
                                 "/static/%2e%2e%2f%2e%2e%2fstore.py"])
def test_static_files_do_not_escape_their_folder(client, url):
    response = client.get(url)
    assert response.status_code == 404 and "create_app" not in response.text


@pytest.mark.parametrize("url,params", [("/api/documents", {"limit": 0}), ("/api/documents", {"date_from": "yesterday"}),
                                        ("/api/search", {"q": ""}), ("/api/events/timeline", {"source": "A"})])
def test_bad_parameters_get_422(client, url, params):
    response = client.get(url, params=params)
    assert response.status_code == 422 and response.json()["detail"]


def test_oversized_bodies_get_413(client):
    big = "x" * (MAX_BODY_BYTES + 1)
    assert client.post("/api/read", json={"text": big}).status_code == 413
    assert client.post("/read", data={"text": big}).status_code == 413
    chunks = (b"a" * 50_000 for _ in range(6))  # no content-length: counted while streaming
    assert client.post("/api/read", content=chunks, headers={"content-type": "application/json"}).status_code == 413


def test_store_file_is_not_changed_and_cannot_be_written(stored, reader):
    path = stored[0]
    before = _file_hash(path)
    app = create_app(path, reader=reader)
    with TestClient(app) as local:
        for url in PAGES:
            local.get(url)
        local.post("/api/read", json={"text": HOSTILE})
        with app.state.store.cursor() as cursor:
            with pytest.raises(Exception, match="read-only"):
                cursor.execute("DELETE FROM store.documents")
    assert _file_hash(path) == before


# --- rendering helpers -----------------------------------------------------------------------

def test_segments_rebuild_the_text_exactly(stored):
    for reading in stored[1]:
        pieces = render.segments(reading)
        assert "".join(p["text"] for p in pieces) == reading.document.text
        anchored = [a for p in pieces for a in p["anchors"]]
        assert len(anchored) == len(set(anchored))


def test_segments_mark_overlapping_records_together(hostile):
    statement = hostile.statements[0]
    inside = [p for p in render.segments(hostile)
              if statement.id in p["ids"].split() and "m-actor" in p["classes"]]
    has_actor_inside = any(statement.content.start <= m.start and m.end <= statement.content.end
                           for a in hostile.actors for m in a.mentions)
    assert bool(inside) == has_actor_inside


def test_places_named_in_passing_are_marked_apart_from_places_where_things_happen():
    from newswire.records import Document, Place, Span

    text = "Russian forces shelled Kharkiv."
    place = Place(id="p1", name="Russia", kind="country", mentions=(), country="RUS",
                  associations=(Span(0, 7, "Russian"),))
    city = Place(id="p2", name="Kharkiv", kind="city", mentions=(Span(23, 30, "Kharkiv"),), country="UKR")
    reading = Reading(document=Document(id="d1", text=text), places=(place, city))
    classes = {p["text"]: p["classes"] for p in render.segments(reading)}
    assert classes["Russian"] == "m-place-assoc" and classes["Kharkiv"] == "m-place"
    fields = dict(render.record_cards(reading)["p1"]["fields"])
    assert fields["named in passing"] == "Russian"
    assert "named in passing" not in dict(render.record_cards(reading)["p2"]["fields"])


@pytest.mark.parametrize("left,right,together", [
    ("Russia would win the war in Ukraine this year", "Russia would win the war in Ukraine", True),
    ("a Ukrainian military victory", "Ukrainian military victory by spring", True),
    ("Russia would win the war in Ukraine", "the grain deal would be renewed", False),
    ("the talks would fail", "the ceasefire would hold", False),
])
def test_topic_grouping_by_word_overlap(left, right, together):
    rows = [{"document_id": "d1", "id": "j1", "proposition": left, "published": "2023-01-01", "holder": "A"},
            {"document_id": "d2", "id": "j2", "proposition": right, "published": "2023-02-01", "holder": "B"}]
    groups = topics.group_judgments(rows)
    assert len(groups) == (1 if together else 0)
    if together:
        assert [j["id"] for j in groups[0]["judgments"]] == ["j1", "j2"]
        assert groups[0]["holders"] == ["A", "B"]


def test_map_view_fits_the_places():
    points = render.map_points([{"name": "Kyiv", "country": "UKR", "lat": 50.45, "lon": 30.52, "events": 4},
                                {"name": "Kherson", "country": "UKR", "lat": 46.64, "lon": 32.61, "events": 1}])
    assert points[0]["x"] == pytest.approx(210.52) and points[0]["y"] == pytest.approx(39.55)
    view = render.map_view(points)
    assert view["w"] == 2 * view["h"] and view["w"] < 360
    assert all(view["x"] <= p["x"] <= view["x"] + view["w"] and view["y"] <= p["y"] <= view["y"] + view["h"]
               for p in points)
    assert render.map_view([]) == {"x": 0, "y": 0, "w": 360, "h": 180}


@pytest.mark.parametrize("query", ["Stoltenberg", "Russia war Ukraine", "the", "offensive spring Kherson"])
def test_own_bm25_query_scores_like_the_fts_macro(stored, reader, query):
    from newswire.web.queries import bm25_sql

    app = create_app(stored[0], reader=reader)
    with app.state.store.cursor() as cursor:
        ours = cursor.execute(bm25_sql("search_documents"), [query, 100]).fetchall()
        macro = cursor.execute(
            "SELECT * FROM (SELECT key, fts_main_search_documents.match_bm25(key, ?) AS score FROM search_documents) "
            "WHERE score IS NOT NULL ORDER BY score DESC, key", [query]).fetchall()
    app.state.store.close()
    assert [k for k, _ in ours] == [k for k, _ in macro]
    assert [s for _, s in ours] == pytest.approx([s for _, s in macro])


@pytest.mark.parametrize("text,query,expected", [
    ("Russia attacked Ukraine", "ukraine", [("Russia attacked ", False), ("Ukraine", True)]),
    ("talks resumed; talking helps", "talks", [("talks", True), (" resumed; ", False), ("talking", True), (" helps", False)]),
    ("<b>bold</b> claims", "bold", [("<", False), ("b", False), (">", False), ("bold", True), ("</", False), ("b", False),
                                    ("> claims", False)]),
    ("nothing here", "zz", [("nothing here", False)]),
])
def test_search_marks_query_words(text, query, expected):
    pieces = render.marked(text, query)
    assert "".join(p for p, _ in pieces) == text
    assert [p for p, hit in pieces if hit] == [p for p, hit in expected if hit]


def test_search_page_marks_hits_and_escapes_them(client):
    page = client.get("/search", params={"q": "pwned"}).text
    assert "<mark>" in page and "<script>window" not in page


def test_shipped_basemap_is_a_local_equirectangular_world():
    from newswire.web.basemap import OUTPUT

    svg = OUTPUT.read_text("utf-8")
    assert 'viewBox="0 0 360 180"' in svg and "Natural Earth" in svg
    assert svg.count("<path ") > 150
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", ""), "the basemap must not fetch anything"


def test_topic_groups_do_not_chain_through_a_middle_proposition():
    texts = ["sanctions would hurt the Russian economy", "sanctions would hurt the economy of Europe",
             "the economy of Europe would recover"]
    rows = [{"document_id": f"d{n}", "id": "j1", "proposition": t, "published": f"2023-0{n + 1}-01", "holder": None}
            for n, t in enumerate(texts)]
    words = [topics.content_words(t) for t in texts]
    assert topics.jaccard(words[0], words[1]) >= 0.4 and topics.jaccard(words[1], words[2]) >= 0.4
    assert topics.jaccard(words[0], words[2]) < 0.4
    groups = topics.group_judgments(rows)
    assert [[j["document_id"] for j in g["judgments"]] for g in groups] == [["d0", "d1"]]
    assert groups[0]["holders"] == ["(the article)"]


@pytest.mark.parametrize("name,message", [("missing-dir/x.duckdb", "does not exist"),
                                          ("absent.duckdb", "no store here to open read-only")])
def test_serve_command_refuses_a_missing_store(tmp_path, name, message):
    from typer.testing import CliRunner

    from newswire.cli import app as cli_app

    result = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / name)])
    assert result.exit_code == 2
    assert message in result.output
