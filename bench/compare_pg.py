#!/usr/bin/env python3
"""SQLite vs PostgreSQL, interleaved, then two instances on one PostgreSQL database.
usage: compare_pg.py CONFIG.json OUT REPS SECS
CONFIG: {"sqlite": {"url", "wd", "page"}, "pg1": {"url", "wd", "page"}, "pg2": {"url"}, "pids": {...}}
wd folders hold tokens_360.txt (unused tokens), rater_sessions.txt, body_360_submit.txt, coach_cookies.txt."""
import json, os, sys, threading
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wrkrun import wrk, TokenPool
cfg, out, reps, secs = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
pools = {k: TokenPool(f"{v['wd']}/tokens_360.txt", v["wd"]) for k, v in cfg.items() if k in ("sqlite", "pg1")}
rate = {"sqlite": 60, "pg1": 60}
def emit(r):
    print(json.dumps(r), flush=True); open(out, "a").write(json.dumps(r) + "\n")
def submit(db, url, c, label, share=1.0):
    wd = cfg[db]["wd"]
    f, n = pools[db].take(int(rate[db] * share * secs * 1.3) + 40)
    r = wrk(url, "form.lua", {"TOKFILE": f, "BODYFILE": f"{wd}/body_360_submit.txt", "SESSFILE": f"{wd}/rater_sessions.txt", "XFF": "1"},
            threads=2 if c > 1 else 1, conns=c, secs=secs, label=label)
    r["tokens"] = n
    return r
def page(db, url, c, label):
    wd = cfg[db]["wd"]
    return wrk(url, "get.lua", {"PATH_": cfg[db]["page"], "COOKIEFILE": f"{wd}/coach_cookies.txt"}, threads=2, conns=c, secs=secs, label=label)
def pair(fn, label):
    res = {}
    def one(i, url): res[i] = fn(url, f"{label}_inst{i}")
    ts = [threading.Thread(target=one, args=(i, u)) for i, u in ((1, cfg["pg1"]["url"]), (2, cfg["pg2"]["url"]))]
    [t.start() for t in ts]; [t.join() for t in ts]
    for i in (1, 2): emit(res[i])
    emit({"label": label, "ok_rps": round(res[1]["ok_rps"] + res[2]["ok_rps"], 1), "non_ok": res[1]["non_ok"] + res[2]["non_ok"],
          "p50_ms": max(res[1]["p50_ms"], res[2]["p50_ms"]), "p99_ms": max(res[1]["p99_ms"], res[2]["p99_ms"]),
          "sock_err": 0, "timeouts": res[1]["timeouts"] + res[2]["timeouts"], "load": res[1]["load"]})
for rep in range(reps):
    emit(wrk(cfg["pg1"]["url"], "get.lua", {"PATH_": "/styles.css"}, conns=32, secs=secs, label="pg_ceiling_styles_c32"))
    emit(wrk(cfg["pg1"]["url"], "get.lua", {"PATH_": "/api/v1/health"}, conns=32, secs=secs, label="pg_ceiling_health_c32"))
    r = submit("sqlite", cfg["sqlite"]["url"], 32, "sqlite_submit360_c32"); emit(r); rate["sqlite"] = max(rate["sqlite"], r["rps"])
    r = submit("pg1", cfg["pg1"]["url"], 32, "pg_submit360_c32"); emit(r); rate["pg1"] = max(rate["pg1"], r["rps"])
    emit(page("sqlite", cfg["sqlite"]["url"], 32, "sqlite_engpage_c32"))
    emit(page("pg1", cfg["pg1"]["url"], 32, "pg_engpage_c32"))
    pair(lambda url, lab: submit("pg1", url, 16, lab, 0.6), "pg2x_submit360_c16x2")
    pair(lambda url, lab: page("pg1", url, 16, lab), "pg2x_engpage_c16x2")
    print(f"# rep {rep} done; tokens left sqlite={pools['sqlite'].left()} pg={pools['pg1'].left()}", flush=True)
