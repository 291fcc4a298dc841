#!/usr/bin/env python3
"""SQLite vs PostgreSQL, interleaved, then two instances on one PostgreSQL database.
usage: compare_pg.py CONFIG.json OUT REPS SECS
CONFIG: {"sqlite": {"url", "wd", "page"}, "pg1": {"url", "wd", "page"}, "pg2": {"url"}, "pids": {...}}
wd folders hold tokens_360.txt (unused tokens), rater_sessions.txt, body_360_submit.txt, coach_cookies.txt.
bench/pg_run.py starts the servers, writes CONFIG and runs this; env RATE0 = guessed submissions/s for the first probe."""
import json, os, sys, threading
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wrkrun import wrk, TokenPool
cfg, out, reps, secs = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
pools = {k: TokenPool(f"{v['wd']}/tokens_360.txt", v["wd"]) for k, v in cfg.items() if k in ("sqlite", "pg1")}
rate = {"sqlite": 60, "pg1": 60}
def emit(r):
    print(json.dumps(r), flush=True); open(out, "a").write(json.dumps(r) + "\n")
def submit(db, url, c, label, share=1.0, d=None):
    wd, d = cfg[db]["wd"], d or secs
    f, n = pools[db].take(int(rate[db] * share * d * 1.3) + 40)
    r = wrk(url, "form.lua", {"TOKFILE": f, "BODYFILE": f"{wd}/body_360_submit.txt", "SESSFILE": f"{wd}/rater_sessions.txt", "XFF": "1"},
            threads=2 if c > 1 else 1, conns=c, secs=d, label=label)
    r["tokens"] = n
    if r.get("exhausted"): r["invalid"] = "ran out of fresh links"
    return r
def page(db, url, c, label):
    wd = cfg[db]["wd"]
    return wrk(url, "get.lua", {"PATH_": cfg[db]["page"], "COOKIEFILE": f"{wd}/coach_cookies.txt"}, threads=2, conns=c, secs=secs, label=label)
def pair(fn, label):
    res = {}
    def one(i, url):
        try: res[i] = fn(url, f"{label}_inst{i}")
        except Exception as e: res[i] = {"label": f"{label}_inst{i}", "error": repr(e), "ok_rps": 0, "ok": 0, "non_ok": 0,
                                         "p50_ms": 0, "p99_ms": 0, "timeouts": 0, "sock_err": 0, "load": None, "c": 0}
    ts = [threading.Thread(target=one, args=(i, u)) for i, u in ((1, cfg["pg1"]["url"]), (2, cfg["pg2"]["url"]))]
    [t.start() for t in ts]; [t.join() for t in ts]
    for i in (1, 2): emit(res[i])
    emit({"label": label, "ok_rps": round(res[1]["ok_rps"] + res[2]["ok_rps"], 1), "non_ok": res[1]["non_ok"] + res[2]["non_ok"],
          "p50_ms": max(res[1]["p50_ms"], res[2]["p50_ms"]), "p99_ms": max(res[1]["p99_ms"], res[2]["p99_ms"]),
          "sock_err": res[1]["sock_err"] + res[2]["sock_err"], "timeouts": res[1]["timeouts"] + res[2]["timeouts"], "load": res[1]["load"],
          **({"invalid": "see the instances"} if any(res[i].get("invalid") or res[i].get("error") for i in (1, 2)) else {})})
# a 2-second probe per database sizes the slices of fresh links (RATE0: the guess for the probe itself)
for db, lab in (("sqlite", "sqlite_probe_submit360_c32"), ("pg1", "pg_probe_submit360_c32")):
    rate[db] = float(os.environ.get("RATE0", "150"))
    r = submit(db, cfg[db]["url"], 32, lab, d=2); emit(r); rate[db] = max(r["ok_rps"], 20)
for rep in range(reps):
    emit(wrk(cfg["pg1"]["url"], "get.lua", {"PATH_": "/styles.css"}, conns=32, secs=secs, label="pg_ceiling_styles_c32"))
    emit(wrk(cfg["pg1"]["url"], "get.lua", {"PATH_": "/api/v1/health"}, conns=32, secs=secs, label="pg_ceiling_health_c32"))
    r = submit("sqlite", cfg["sqlite"]["url"], 32, "sqlite_submit360_c32"); emit(r); rate["sqlite"] = max(rate["sqlite"], r["rps"])
    r = submit("pg1", cfg["pg1"]["url"], 32, "pg_submit360_c32"); emit(r); rate["pg1"] = max(rate["pg1"], r["rps"])
    emit(page("sqlite", cfg["sqlite"]["url"], 32, "sqlite_engpage_c32"))
    emit(page("pg1", cfg["pg1"]["url"], 32, "pg_engpage_c32"))
    pair(lambda url, lab: submit("pg1", url, 16, lab, 1.0), "pg2x_submit360_c16x2")   # 1.0: room for 2 x one instance
    pair(lambda url, lab: page("pg1", url, 16, lab), "pg2x_engpage_c16x2")
    print(f"# rep {rep} done; tokens left sqlite={pools['sqlite'].left()} pg={pools['pg1'].left()}", flush=True)
