#!/usr/bin/env python3
"""SQLite vs PostgreSQL vs two app instances on one PostgreSQL database (sets up compare_pg.py and runs it),
then checks that every acknowledged submission is stored exactly once.

usage: pg_run.py BINARY SCRATCH DATABASE_URL [REPS] [SECS] [STAKEHOLDERS]
  DATABASE_URL  an empty PostgreSQL database, e.g.
                postgres://coachwork:coachwork@127.0.0.1:55611/coachwork_bench?tlsmode=disable

Steps: (1) SQLite server (SCRATCH/sqlite) and PostgreSQL instance 1 (SCRATCH/pg1) each: `serve --demo` without
the outbox worker, an API token, seed.py (1 engagement x STAKEHOLDERS raters, open 27-item 360), restart with the
worker, prep.py (rater sessions, form bodies, coach sessions); (2) instance 2 (SCRATCH/pg2) on the same database
with COACHWORK_AUTO_MIGRATE=false COACHWORK_OUTBOX_WORKER=false; (3) compare_pg.py (c=32 submissions and the
engagement page on SQLite and on one PostgreSQL instance; then c=16 on each of the two instances at once);
(4) the check: for every token handed to wrk, link used <=> rater submitted <=> 27 rating rows, no duplicate item,
and stored submissions - "Thank you" answers is between 0 and the requests still in flight when wrk stopped
(wrk does not count answers that arrive after its deadline; at most c per run).
Writes SCRATCH/pg.jsonl (compare_pg.py's lines) and SCRATCH/pg_check.json; prints the check."""
import glob, hashlib, json, os, sqlite3, subprocess, sys, time, urllib.parse
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench import Server, py, COACH, log  # noqa: E402


def libpq(url):
    u = urllib.parse.urlsplit(url)
    q = [(k, v) for k, v in urllib.parse.parse_qsl(u.query) if k not in ("tlsmode", "tls")] + [("sslmode", "disable")]
    return urllib.parse.urlunsplit(u._replace(query=urllib.parse.urlencode(q)))


def psql(url, stmt):
    return subprocess.run(["psql", libpq(url), "-At", "-F", "|", "-v", "ON_ERROR_STOP=1", "-c", stmt],
                          capture_output=True, text=True, check=True).stdout


def prepare(binary, wd, n, extra_env):
    sd = wd
    srv = Server(binary, wd, worker=False, extra_env=extra_env).start(demo=True)
    try:
        tok = srv.cli("token", "create", "--email", COACH, "--name", "bench").split()[-1]
        dbarg = extra_env.get("DATABASE_URL", srv.db)
        o = py("seed.py", srv.url, tok, dbarg, sd, n, 1)
        log("seed", o.strip().splitlines()[-1])
    finally:
        srv.stop()
    os.replace(f"{sd}/tokens_360_0.txt", f"{sd}/tokens_360.txt")
    os.replace(f"{sd}/tokens_survey_0.txt", f"{sd}/tokens_survey.txt")
    srv = Server(binary, wd, worker=True, extra_env=extra_env).start()
    log(py("prep.py", srv.url, f"{sd}/tokens_360.txt", f"{sd}/tokens_survey.txt", sd, 32).strip())
    py("unused_tokens.py", dbarg, f"{sd}/tokens_360.txt", f"{sd}/tokens_360.txt")
    q = ("SELECT e.id FROM engagements e JOIN users u ON u.id=e.coach_id WHERE u.email='%s' "
         "ORDER BY e.created_at LIMIT 1" % COACH)
    if "DATABASE_URL" in extra_env:
        eid = psql(extra_env["DATABASE_URL"], q).strip()
    else:
        eid = sqlite3.connect(srv.db).execute(q).fetchone()[0]
    return srv, tok, eid


def states(db, tokens):
    """token -> (used, submitted, rows, distinct items)"""
    by_hash = {hashlib.sha256(t.encode()).hexdigest(): t for t in tokens}
    hashes, out = list(by_hash), {}
    for lo in range(0, len(hashes), 500):
        chunk = ",".join(f"'{h}'" for h in hashes[lo:lo + 500])
        q = f"""SELECT l.token_hash, CASE WHEN l.used_at IS NULL THEN 0 ELSE 1 END, CASE WHEN r.submitted_at IS NULL THEN 0 ELSE 1 END,
                (SELECT count(*) FROM assessment_ratings x WHERE x.rater_id = r.id),
                (SELECT count(*) FROM (SELECT DISTINCT competency_id, item_id FROM assessment_ratings y WHERE y.rater_id = r.id) d)
                FROM personal_links l LEFT JOIN assessment_raters r ON r.id = l.subject_id WHERE l.token_hash IN ({chunk})"""
        if db.startswith("postgres"):
            rows = [l.split("|") for l in psql(db, q).splitlines() if l]
        else:
            con = sqlite3.connect(db, timeout=60); rows = con.execute(q).fetchall(); con.close()
        for h, used, sub, n, nd in rows:
            out[by_hash[h]] = (int(used) == 1, int(sub) == 1, int(n), int(nd))
    return out


def check(db, wd, runs):
    """runs: the wrk results that used tokens from wd's slices."""
    toks = []
    for f in sorted(glob.glob(f"{wd}/slice_tokens_360_*.txt")):
        toks += [t for t in open(f).read().split() if t]
    st = states(db, toks)
    stored = sum(1 for v in st.values() if v[1])
    bad = [t for t, (u, s, n, nd) in st.items() if not (u == s and n == (27 if s else 0) and nd == n)]
    ok = sum(r["ok"] for r in runs)
    inflight = sum(r["c"] for r in runs)
    return {"tokens_handed_out": len(toks), "found": len(st), "stored_submissions": stored, "thank_you_answers": ok,
            "non_ok_answers": sum(r["non_ok"] for r in runs), "socket_errors": sum(r["sock_err"] for r in runs),
            "timeouts": sum(r["timeouts"] for r in runs), "stored_minus_acknowledged": stored - ok,
            "max_in_flight_at_wrk_stop": inflight, "inconsistent_raters": len(bad), "example_inconsistent": bad[:3],
            "pass": len(bad) == 0 and 0 <= stored - ok <= inflight and all(r["non_ok"] == 0 for r in runs)}


def main():
    if len(sys.argv) < 4:
        print(__doc__); return 2
    binary, scratch, url = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
    reps = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    secs = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    n = int(sys.argv[6]) if len(sys.argv) > 6 else 1500
    os.makedirs(scratch, exist_ok=True)
    servers = []
    try:
        s_sql, _, e_sql = prepare(binary, f"{scratch}/sqlite", n, {}); servers.append(s_sql)
        pg = {"DATABASE_URL": url}
        s_pg1, _, e_pg = prepare(binary, f"{scratch}/pg1", n, pg); servers.append(s_pg1)
        s_pg2 = Server(binary, f"{scratch}/pg2", worker=False,
                       extra_env=dict(pg, COACHWORK_AUTO_MIGRATE="false")).start(); servers.append(s_pg2)
        pids = {"sqlite": s_sql.proc.pid, "pg1": s_pg1.proc.pid, "pg2": s_pg2.proc.pid}
        # server CPU in wrkrun: the sum over all three servers (only the ones under load use CPU)
        os.environ["SERVER_PIDS"] = ",".join(str(p) for p in pids.values())
        cfg = {"sqlite": {"url": s_sql.url, "wd": f"{scratch}/sqlite", "page": f"/engagements/{e_sql}"},
               "pg1": {"url": s_pg1.url, "wd": f"{scratch}/pg1", "page": f"/engagements/{e_pg}"},
               "pg2": {"url": s_pg2.url}, "pids": pids}
        json.dump(cfg, open(f"{scratch}/pg_config.json", "w"), indent=1)
        out = f"{scratch}/pg.jsonl"
        log("compare_pg.py", reps, secs)
        p = subprocess.run([sys.executable, f"{HERE}/compare_pg.py", f"{scratch}/pg_config.json", out, str(reps), str(secs)],
                           capture_output=True, text=True)
        print(p.stdout, flush=True)
        if p.returncode != 0:
            print(p.stderr[-3000:], flush=True); return 1
        rs = [json.loads(l) for l in open(out)]
        time.sleep(2)   # let requests still in flight at wrk's deadline finish
        res = {"sqlite": check(s_sql.db, f"{scratch}/sqlite", [r for r in rs if r["label"] in ("sqlite_submit360_c32", "sqlite_probe_submit360_c32")]),
               "postgresql": check(url, f"{scratch}/pg1", [r for r in rs if r["label"] in ("pg_submit360_c32", "pg_probe_submit360_c32")
                                                           or r["label"].startswith("pg2x_submit360_c16x2_inst")])}
        res["rss_mb"] = {k: s.rss() for k, s in (("sqlite", s_sql), ("pg1", s_pg1), ("pg2", s_pg2))}
        json.dump(res, open(f"{scratch}/pg_check.json", "w"), indent=1)
        print(json.dumps(res, indent=1), flush=True)
        return 0 if res["sqlite"]["pass"] and res["postgresql"]["pass"] else 1
    finally:
        for s in servers: s.stop()


if __name__ == "__main__":
    sys.exit(main())
