#!/usr/bin/env python3
"""Seeds a running Coachwork (demo loaded) for the benchmarks, through the JSON API.
Only phase changes are made in SQL (the exit criteria need browser sign-ins by the client
and sponsor); everything else goes through the API the coach uses.

usage: seed.py BASE_URL API_TOKEN DB OUTDIR N_STAKEHOLDERS [N_ENGAGEMENTS]
DB: the SQLite file, or a postgres:// URL (then the psql client is used).
Writes OUTDIR/tokens_360_<k>.txt (one fresh 360 form token per line) and
OUTDIR/tokens_survey_<k>.txt, OUTDIR/seed.json (ids)."""
import json, os, re, sqlite3, sys, time, concurrent.futures as cf
import requests

base, token, dbpath, out, n = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
n_eng = int(sys.argv[6]) if len(sys.argv) > 6 else 1
H = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
S = requests.Session()

def api(method, path, body=None, ok=(200, 201, 202)):
    r = S.request(method, base + "/api/v1" + path, headers=H, data=json.dumps(body) if body is not None else None)
    if r.status_code not in ok:
        raise SystemExit(f"{method} {path} -> {r.status_code} {r.text[:300]}")
    return r.json() if r.content else None

PG = dbpath.startswith("postgres")
def psql(stmt):
    import subprocess
    url = dbpath.split("?")[0] + "?sslmode=disable"
    return subprocess.run(["psql", url, "-At", "-v", "ON_ERROR_STOP=1", "-c", stmt], capture_output=True, text=True, check=True).stdout

def sql(stmt, args=()):
    if PG:
        for a in args: stmt = stmt.replace("?", "'" + a.lower() + "'", 1)
        psql(stmt); return
    con = sqlite3.connect(dbpath, timeout=60)
    con.execute(stmt, args); con.commit(); con.close()

def tokens_for(engagement_id, purpose_like):
    """Form-link tokens from the pending emails (the outbox worker is off while seeding),
    then mark those emails sent so no worker writes them during measurements."""
    if PG:
        out = psql(f"UPDATE outbox_messages SET status='sent' WHERE status='pending' AND purpose='{purpose_like}' "
                   f"AND engagement_id='{engagement_id.lower()}' RETURNING substring(text_body from '/link/([A-Za-z0-9_-]{{43}})')")
        return [l for l in out.split() if len(l) == 43]
    con = sqlite3.connect(dbpath, timeout=60)
    rows = con.execute("SELECT id, text_body FROM outbox_messages WHERE status='pending' AND purpose=? "
                       "AND engagement_id IN (?, ?)", (purpose_like, engagement_id, engagement_id.upper())).fetchall()
    toks = []
    for mid, body in rows:
        m = re.search(r"/link/([A-Za-z0-9_-]{43})", body or "")
        if m: toks.append(m.group(1))
    con.executemany("UPDATE outbox_messages SET status='sent' WHERE id=?", [(r[0],) for r in rows])
    con.commit(); con.close()
    return toks

os.makedirs(out, exist_ok=True)
comps = api("GET", "/competencies")
if isinstance(comps, dict):   # tolerate a paginated envelope ({"items": [...], ...})
    comps = next((v for v in comps.values() if isinstance(v, list)), [])
chosen = [c["id"] for c in comps[:9]]          # 9 competencies x 3 behaviour items = 27 items
seed = {"competencies": chosen, "engagements": []}
run = str(int(time.time()))
for k in range(n_eng):
    ppl = [api("POST", "/people", {"email": f"{role}-{run}-{k}@bench.example", "name": f"Bench {role} {k}", "timeZone": "UTC"})["id"]
           for role in ("client", "sponsor", "hr")]
    e = api("POST", "/engagements", {"clientId": ppl[0], "sponsorId": ppl[1], "hrPartnerId": ppl[2],
                                     "presentingProblem": "Benchmark engagement", "objective": "Measure throughput"})
    eid = e["id"]
    sql("UPDATE engagements SET phase='analysis' WHERE id=? OR id=?", (eid, eid.upper()))   # gate skipped (needs browser sign-ins)
    t0 = time.time()
    rels = ["peer", "direct_report", "manager", "customer", "other"]
    def nominate(i):
        return api("POST", f"/engagements/{eid}/stakeholders",
                   {"name": f"Rater {k}-{i}", "email": f"rater{i}-{run}-{k}@bench.example", "relationship": rels[i % 5]})
    with cf.ThreadPoolExecutor(4) as ex:
        list(ex.map(nominate, range(n)))
    t1 = time.time()
    a = api("POST", f"/engagements/{eid}/assessments", {"competencyIds": chosen})
    t2 = time.time()
    toks = tokens_for(eid, "assessment_invitation")
    open(f"{out}/tokens_360_{k}.txt", "w").write("\n".join(toks) + "\n")
    api("PUT", f"/engagements/{eid}/target-competencies",
        {"targets": [{"competencyId": c, "rationale": "bench"} for c in chosen[:3]]})
    sql("UPDATE engagements SET phase='achievement' WHERE id=? OR id=?", (eid, eid.upper()))
    t3 = time.time()
    r = api("POST", f"/engagements/{eid}/survey-rounds", {"closesInDays": 30})
    t4 = time.time()
    stoks = tokens_for(eid, "survey_invitation")
    open(f"{out}/tokens_360_{k}.txt", "w").write("\n".join(toks) + "\n")
    open(f"{out}/tokens_survey_{k}.txt", "w").write("\n".join(stoks) + "\n")
    info = {"engagement": eid, "assessment": a["id"], "round": r.get("id"), "n_360": len(toks), "n_survey": len(stoks),
            "nominate_s": round(t1 - t0, 2), "nominate_per_s": round(n / (t1 - t0), 1),
            "start_assessment_s": round(t2 - t1, 2), "start_round_s": round(t4 - t3, 2)}
    seed["engagements"].append(info)
    print(json.dumps(info), flush=True)
json.dump(seed, open(f"{out}/seed.json", "w"), indent=1)
