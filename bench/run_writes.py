#!/usr/bin/env python3
"""Interleaved write benchmark: per repetition, the ceilings (plain routes), the raw SQLite commit
rate, 360 final submissions (fresh tokens) at c=1/8/32, draft saves (repeatable) at c=1/8/32 and
mini-survey submissions at c=1/32. Appends JSON lines to OUT.
usage: run_writes.py BASE_URL WORKDIR OUT REPS SECS [RAW_ROWS] [PROBE_RPS]
env PARTS (default ceiling,raw,submit,draft,survey) picks what each repetition runs;
SURVEY_C (default 1,32) the survey concurrencies, SURVEY_SECS their duration.
WORKDIR holds tokens_360.txt, tokens_survey.txt, rater_sessions.txt, body_*.txt (seed.py + prep.py)."""
import json, os, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wrkrun import wrk, TokenPool, loadavg
base, wd, out, reps, secs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
raw_rows = int(sys.argv[6]) if len(sys.argv) > 6 else 20000
probe = float(sys.argv[7]) if len(sys.argv) > 7 else 0
HERE = os.path.dirname(os.path.abspath(__file__))
p360 = TokenPool(f"{wd}/tokens_360.txt", wd)
psur = TokenPool(f"{wd}/tokens_survey.txt", wd)
PARTS = os.environ.get("PARTS", "ceiling,raw,submit,draft,survey").split(",")
drafts = p360.take(400)[0] if "draft" in PARTS else None   # set aside for repeatable draft saves
sess = f"{wd}/rater_sessions.txt"
def emit(r):
    print(json.dumps(r), flush=True)
    open(out, "a").write(json.dumps(r) + "\n")
def submit(label, pool, body, c, rate, secs=secs):
    f, n = pool.take(int(rate * secs * 1.3) + 50)
    r = wrk(base, "form.lua", {"TOKFILE": f, "BODYFILE": f"{wd}/{body}", "SESSFILE": sess, "XFF": "1"}, threads=1 if c == 1 else 2, conns=c, secs=secs, label=label)
    r["tokens"] = n; emit(r)
    return r
def raw(sync):
    la = loadavg()
    p = subprocess.run([sys.executable, f"{HERE}/sqlite_commit.py", sync, str(raw_rows), wd], capture_output=True, text=True)
    rate = float(p.stdout.split("= ")[1].split()[0])
    emit({"label": f"raw_sqlite_wal_{sync}", "rows_per_s": rate, "rows": raw_rows, "load": la})
rate = {1: 100, 8: 400, 32: 400}
if probe: rate = {c: probe for c in rate}
srate = dict(rate)
for rep in range(reps):
    for c in ((32, 64) if "ceiling" in PARTS else ()):
        emit(wrk(base, "get.lua", {"PATH_": "/styles.css"}, conns=c, secs=secs, label=f"ceiling_styles_c{c}"))
        emit(wrk(base, "get.lua", {"PATH_": "/api/v1/health"}, conns=c, secs=secs, label=f"ceiling_health_c{c}"))
    if "raw" in PARTS: raw("FULL"); raw("NORMAL")
    for c in (1, 8, 32):
        if "submit" in PARTS:
            r = submit(f"submit360_c{c}", p360, "body_360_submit.txt", c, rate[c])
            rate[c] = max(rate[c], r["rps"])
        if "draft" in PARTS: emit(wrk(base, "form.lua", {"TOKFILE": drafts, "BODYFILE": f"{wd}/body_360_draft.txt", "SESSFILE": sess, "REUSE": "1", "XFF": "1"},
                 threads=1 if c == 1 else 2, conns=c, secs=secs, label=f"draft360_c{c}"))
    for c in ([int(x) for x in os.environ.get("SURVEY_C", "1,32").split(",")] if "survey" in PARTS else ()):
        r = submit(f"survey_c{c}", psur, "body_survey.txt", c, srate.get(c, probe or 100), int(os.environ.get("SURVEY_SECS", secs)))
        srate[c] = max(srate.get(c, 0), r["ok_rps"])
    print(f"# rep {rep} done; tokens left 360={p360.left()} survey={psur.left()}", flush=True)
