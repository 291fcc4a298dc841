#!/usr/bin/env python3
"""One-run benchmark driver: ceilings, 360 writes, coach reads, growth, cold start; prints a markdown
table of the figures and their ratios to the ceilings.

usage: bench.py BINARY SCRATCH [quick|full]      (bench/run.sh is the same)

BINARY  a *release* coachwork binary (swift build -c release --product coachwork)
SCRATCH an empty (or new) scratch folder; everything is written there, the figures to
        SCRATCH/results.jsonl and the table to SCRATCH/results.md

Steps (each uses the shared scripts of this folder):
  0. machine: nproc, CPU model, the scratch folder's disk
  1. raw durable SQLite commits in SCRATCH (sqlite_commit.py, WAL, synchronous=FULL and NORMAL)
  2. seed: `serve --demo` with COACHWORK_OUTBOX_WORKER=false, an API token, seed.py (E engagements
     x S stakeholders with an open 27-item 360); restart with the outbox worker on; prep.py
     (rater sessions with CSRF, form bodies)
  3. writes: GET /api/v1/health at c=32 (the ceiling), then 360 submissions through personal links at
     c=1/8/32 (form.lua, one fresh link per request; each run's token slice is sized by a short probe)
  4. reads: a fresh --demo database; signed-in coach sessions (signin.py); health c=32; the engagement
     page, the report page, the API engagement JSON and the API 360 results at c=1 and c=32 (get.lua)
  5. growth: the reads database grown by grow.py (SQL copies of the demo engagement) to each size;
     per size a server is started and the pages (plus /, /engagements, /api/v1/engagements) are
     timed one request at a time (timeget.py), then the server's RSS is read
  6. cold start: coldstart.py on the demo database (existing) and on an empty folder

The servers run with COACHWORK_TRUST_FORWARDED_FOR=true and form.lua gives every simulated rater
its own X-Forwarded-For address: POST /link/... is limited to 120 per 10 minutes per address.
Environment overrides: SECS, REPS, STAKEHOLDERS, ENGAGEMENTS, SIZES, GROWTH_N, GROWTH_CAP, RAW_ROWS,
COLD_N, LIST_QUERY (default "?page=1": list pages are asked for their first page only), PARTS
(default raw,seed,writes,reads,growth,cold).
"""
import json, os, re, shutil, socket, sqlite3, statistics, subprocess, sys, time, http.client

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from wrkrun import wrk, TokenPool  # noqa: E402

COACH, COACH_PW = "coach@demo.coachwork.local", "demo-coach-password"
ADMIN = "admin@coachwork.local"
PROFILES = {
    "quick": dict(SECS=5, REPS=1, STAKEHOLDERS=3000, ENGAGEMENTS=2, SIZES="10,100,1000,10000", GROWTH_N=5, GROWTH_CAP=30,
                  RAW_ROWS=5000, COLD_N=3),
    "full": dict(SECS=10, REPS=3, STAKEHOLDERS=2000, ENGAGEMENTS=4, SIZES="10,100,1000,10000", GROWTH_N=10,
                 GROWTH_CAP=60, RAW_ROWS=20000, COLD_N=5),
}


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


class Server:
    def __init__(self, binary, folder, worker=True, extra_env=None):
        self.binary, self.folder = binary, folder
        os.makedirs(f"{folder}/data", exist_ok=True)
        self.db = f"{folder}/data/coachwork.sqlite"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("COACHWORK_") and k != "DATABASE_URL"}
        self.env.update(COACHWORK_SQLITE_PATH=self.db, COACHWORK_MAIL_DIR=f"{folder}/data/mail",
                        COACHWORK_TRUST_FORWARDED_FOR="true", COACHWORK_OUTBOX_WORKER="true" if worker else "false")
        self.env.update(extra_env or {})
        self.proc = None

    def start(self, demo=False, timeout=600):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)] + (["--demo"] if demo else [])
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(args, cwd=self.folder, env=self.env, stdout=open(f"{self.folder}/server.log", "a"),
                                     stderr=subprocess.STDOUT)
        while time.perf_counter() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited ({self.proc.returncode}); see {self.folder}/server.log")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2); c.request("GET", "/api/v1/health")
                if c.getresponse().status == 200:
                    self.start_s = time.perf_counter() - t0
                    os.environ["SERVER_PIDS"] = str(self.proc.pid)
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not come up")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try: self.proc.wait(60)
            except subprocess.TimeoutExpired:
                log("server did not stop within 60 s of SIGTERM; SIGKILL"); self.proc.kill(); self.proc.wait()
        os.environ.pop("SERVER_PIDS", None)

    def cli(self, *args):
        p = subprocess.run([self.binary, *args], cwd=self.folder, env=self.env, capture_output=True, text=True, timeout=300)
        if p.returncode != 0: raise RuntimeError(f"coachwork {' '.join(args)}: {p.stderr.strip()}")
        return p.stdout.strip()

    def rss(self):
        d = {}
        for l in open(f"/proc/{self.proc.pid}/status"):
            if l.startswith(("VmRSS", "VmHWM")): d[l.split(":")[0]] = round(int(l.split()[1]) / 1024, 1)
        return d


def copy_db(src, dst):
    """Copies a stopped server's SQLite file with its WAL (the app runs in WAL mode: committed rows may
    still be in SRC-wal if the last connection did not checkpoint), removing stale WAL/SHM at DST."""
    shutil.copy(src, dst)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(dst + suffix): os.remove(dst + suffix)
    if os.path.exists(src + "-wal"): shutil.copy(src + "-wal", dst + "-wal")


def py(script, *args, timeout=3600):
    p = subprocess.run([sys.executable, os.path.join(HERE, script), *map(str, args)], capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError(f"{script} failed: {p.stdout[-800:]} {p.stderr[-800:]}")
    return p.stdout


def machine(scratch):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    df = subprocess.run(["df", "-hT", scratch], capture_output=True, text=True).stdout.splitlines()[-1].split()
    mem = next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    dev = df[0]
    rota = "?"
    try:
        p = subprocess.run(["lsblk", "-ndo", "ROTA,MODEL", dev], capture_output=True, text=True)
        rota = p.stdout.strip() or "?"
    except FileNotFoundError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem_gb": round(int(mem) / 2**20, 1),
            "disk": f"{dev} {df[1]} ({df[2]}, mounted at {df[-1]}; rota/model: {rota})",
            "kernel": os.uname().release, "sqlite": sqlite3.sqlite_version}


def main():
    if len(sys.argv) < 3:
        print(__doc__); return 2
    binary, scratch = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    profile = sys.argv[3] if len(sys.argv) > 3 else "quick"
    P = dict(PROFILES[profile])
    for k in P:
        if k in os.environ: P[k] = type(P[k])(os.environ[k])
    parts = os.environ.get("PARTS", "raw,seed,writes,reads,growth,cold").split(",")
    list_q = os.environ.get("LIST_QUERY", "?page=1")
    os.makedirs(scratch, exist_ok=True)
    out = f"{scratch}/results.jsonl"
    R = {"profile": profile, "params": P, "binary": binary, "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    def emit(r):
        print(json.dumps(r), flush=True); open(out, "a").write(json.dumps(r) + "\n")
        return r
    R["machine"] = emit({"label": "machine", **machine(scratch)})
    secs, reps = P["SECS"], P["REPS"]
    res = {}   # label -> list of runs
    def keep(r):
        res.setdefault(r["label"], []).append(emit(r)); return r

    # ---- 1. raw SQLite commits
    if "raw" in parts:
        for rep in range(reps):
            for sync in ("FULL", "NORMAL"):
                o = py("sqlite_commit.py", sync, P["RAW_ROWS"], scratch)
                keep({"label": f"raw_sqlite_wal_{sync}", "rows_per_s": float(o.split("= ")[1].split()[0]), "rows": P["RAW_ROWS"]})

    # ---- 2. seed + 3. writes
    if "seed" in parts or "writes" in parts:
        wd = f"{scratch}/writes"; sd = f"{wd}/seed"
        os.makedirs(sd, exist_ok=True)
        srv = Server(binary, wd, worker=False).start(demo=True)
        try:
            tok = srv.cli("token", "create", "--email", COACH, "--name", "bench").split()[-1]
            open(f"{wd}/apitoken", "w").write(tok)
            t0 = time.time()
            o = py("seed.py", srv.url, tok, srv.db, sd, P["STAKEHOLDERS"], P["ENGAGEMENTS"])
            for l in o.splitlines():
                if l.startswith("{"): keep({"label": "seed", **json.loads(l)})
            log(f"seeded in {time.time() - t0:.0f} s")
        finally:
            srv.stop()
        for kind in ("360", "survey"):
            with open(f"{sd}/tokens_{kind}.txt", "w") as f:
                for k in range(P["ENGAGEMENTS"]): f.write(open(f"{sd}/tokens_{kind}_{k}.txt").read())
        srv = Server(binary, wd, worker=True).start()
        try:
            log(py("prep.py", srv.url, f"{sd}/tokens_360.txt", f"{sd}/tokens_survey.txt", sd, 32).strip())
            py("unused_tokens.py", srv.db, f"{sd}/tokens_360.txt", f"{sd}/tokens_360.txt")
            pool = TokenPool(f"{sd}/tokens_360.txt", sd)
            log(f"{pool.left()} fresh 360 links")
            rate = {}
            for rep in range(reps):
                keep(wrk(srv.url, "get.lua", {"PATH_": "/api/v1/health"}, conns=32, secs=secs, label="w_ceiling_health_c32"))
                for c in (1, 8, 32):
                    env = {"BODYFILE": f"{sd}/body_360_submit.txt", "SESSFILE": f"{sd}/rater_sessions.txt", "XFF": "1"}
                    if c not in rate and pool.left() > 8:   # a 2-second probe sizes the slice of fresh links
                        f, n = pool.take(min(pool.left() // 4, 40 + 600 * c))
                        pr = wrk(srv.url, "form.lua", dict(env, TOKFILE=f), threads=1 if c == 1 else 2, conns=c, secs=2,
                                 label=f"probe_submit360_c{c}")
                        emit(pr); rate[c] = max(pr["ok_rps"], 1)
                    want = int(rate.get(c, 100) * secs * 1.5) + 50
                    if pool.left() < want:
                        log(f"warning: {pool.left()} links left, {want} wanted for c={c}"); want = pool.left()
                    if want <= 0:
                        keep({"label": f"submit360_c{c}", "invalid": "no fresh links left", "ok_rps": None}); continue
                    f, n = pool.take(want)
                    r = wrk(srv.url, "form.lua", dict(env, TOKFILE=f), threads=1 if c == 1 else 2, conns=c, secs=secs,
                            label=f"submit360_c{c}")
                    r["tokens"] = n
                    if r.get("exhausted"): r["invalid"] = "ran out of fresh links"
                    keep(r); rate[c] = max(rate.get(c, 1), r["ok_rps"])
            R["writes_rss"] = emit({"label": "writes_rss", **srv.rss()})
        finally:
            srv.stop()

    # ---- 4. reads (fresh demo database)
    rd = f"{scratch}/reads"
    E = A = cookie = tok = admin_tok = None
    if "reads" in parts or "growth" in parts:
        srv = Server(binary, rd, worker=True).start(demo=True)
        try:
            tok = srv.cli("token", "create", "--email", COACH, "--name", "bench").split()[-1]
            try:   # the first admin (created on first run) may read the outbox; the coach may not
                admin_tok = srv.cli("token", "create", "--email", ADMIN, "--name", "bench").split()[-1]
            except RuntimeError as e:
                log(f"no admin token ({e}); the outbox list is not timed"); admin_tok = None
            con = sqlite3.connect(srv.db)
            E = con.execute("SELECT e.id FROM engagements e JOIN users u ON u.id=e.coach_id WHERE u.email=? "
                            "ORDER BY e.created_at LIMIT 1", (COACH,)).fetchone()[0]
            A = con.execute("SELECT id FROM assessments WHERE engagement_id=? ORDER BY opened_at LIMIT 1", (E,)).fetchone()[0]
            con.close()
            py("signin.py", srv.url, 8, f"{rd}/coach_cookies.txt")
            cookie = open(f"{rd}/coach_cookies.txt").read().split()[0]
            pages = {"eng_page": f"/engagements/{E}", "report_page": f"/engagements/{E}/report",
                     "api_engagement": f"/api/v1/engagements/{E}", "api_results360": f"/api/v1/engagements/{E}/assessments/{A}/results"}
            R["ids"] = emit({"label": "ids", "engagement": E, "assessment": A, "pages": pages})
            if "reads" in parts:
                for rep in range(reps):
                    keep(wrk(srv.url, "get.lua", {"PATH_": "/api/v1/health"}, conns=32, secs=secs, label="ceiling_health_c32"))
                    for c in (1, 32):
                        for label, path in pages.items():
                            env = {"PATH_": path, "AUTH": tok} if path.startswith("/api/") else {"PATH_": path, "COOKIEFILE": f"{rd}/coach_cookies.txt"}
                            keep(wrk(srv.url, "get.lua", env, threads=1 if c == 1 else 2, conns=c, secs=secs, label=f"{label}_c{c}"))
                R["reads_rss"] = emit({"label": "reads_rss", **srv.rss()})
        finally:
            srv.stop()

    # ---- 5. growth
    if "growth" in parts:
        base_db = f"{rd}/data/coachwork.sqlite"
        # the list pages last: a request the client gave up on (over the cap) keeps the server busy
        gpages = {"eng_page": f"/engagements/{E}", "report_page": f"/engagements/{E}/report",
                  "api_engagement": f"/api/v1/engagements/{E}", "api_results360": f"/api/v1/engagements/{E}/assessments/{A}/results",
                  "home": "/", "list_page": "/engagements" + list_q, "api_list": "/api/v1/engagements" + list_q,
                  "people_page": "/people" + list_q, "api_people": "/api/v1/people" + list_q}
        if admin_tok:
            gpages["admin_api_outbox"] = "/api/v1/outbox" + list_q
            os.environ["ADMIN_API_TOKEN"] = admin_tok
        prev = base_db
        for size in [int(s) for s in P["SIZES"].split(",")]:
            gd = f"{scratch}/growth/size{size}"
            os.makedirs(f"{gd}/data", exist_ok=True)
            db = f"{gd}/data/coachwork.sqlite"
            copy_db(prev, db)
            t0 = time.time()
            g = py("grow.py", db, size, timeout=7200).strip().splitlines()
            keep({"label": "grow", "size": size, "grow_s": round(time.time() - t0, 1), "db_mb": round(os.path.getsize(db) / 2**20, 1),
                  "grow": g[-1] if g else ""})
            srv = Server(binary, gd, worker=True).start()
            try:
                keep({"label": "growth_start", "size": size, "start_s": round(srv.start_s, 3)})
                o = py("timeget.py", srv.url, cookie, tok, P["GROWTH_N"], P["GROWTH_CAP"], *[f"{k}={v}" for k, v in gpages.items()])
                for l in o.splitlines():
                    r = json.loads(l); r["label"] = "growth_" + r["label"]; r["size"] = size; keep(r)
                keep({"label": "growth_rss", "size": size, **srv.rss()})
            finally:
                srv.stop()
            prev = db

    # ---- 6. cold start
    if "cold" in parts and os.path.exists(f"{rd}/data/coachwork.sqlite"):
        for mode in ("existing", "empty"):
            o = py("coldstart.py", binary, mode, P["COLD_N"], f"{rd}/data/coachwork.sqlite", 5)
            keep({"label": f"cold_{mode}", **json.loads(o.strip().splitlines()[-1])})

    md = table(res, R, P)
    open(f"{scratch}/results.md", "w").write(md)
    print(md)
    return 0


def med(rs, k):
    v = [r[k] for r in rs if r.get(k) is not None]
    return statistics.median(v) if v else None


def table(res, R, P):
    g = lambda label, k: med(res.get(label, []), k)
    f0 = lambda x: "–" if x is None else f"{x:,.0f}"
    f1 = lambda x: "–" if x is None else f"{x:,.1f}"
    f2 = lambda x: "–" if x is None else f"{x:,.2f}"
    ratio = lambda a, b: "–" if not a or not b else (f"{a / b:.3f}" if a / b < 10 else f"{a / b:,.0f}")
    bad = lambda label: sum(r.get("non_ok", 0) + r.get("sock_err", 0) + r.get("timeouts", 0) for r in res.get(label, []))
    m = R["machine"]
    L = [f"### Coachwork benchmark ({R['profile']} run, {R['started']})", "",
         f"Machine: {m['nproc']} × {m['cpu']}, {m['mem_gb']} GB RAM, disk {m['disk']}, SQLite (Python) {m['sqlite']}. "
         f"Runs of {P['SECS']} s, medians of {P['REPS']} repetition(s).", ""]
    health_w, health_r = g("w_ceiling_health_c32", "ok_rps"), g("ceiling_health_c32", "ok_rps")
    full, normal = g("raw_sqlite_wal_FULL", "rows_per_s"), g("raw_sqlite_wal_NORMAL", "rows_per_s")
    L += ["| Ceiling | Figure |", "| --- | --- |",
          f"| GET /api/v1/health, c=32 (writes server) | {f0(health_w)} req/s, p50 {f2(g('w_ceiling_health_c32', 'p50_ms'))} ms, p99 {f2(g('w_ceiling_health_c32', 'p99_ms'))} ms |",
          f"| GET /api/v1/health, c=32 (reads server) | {f0(health_r)} req/s, p50 {f2(g('ceiling_health_c32', 'p50_ms'))} ms, p99 {f2(g('ceiling_health_c32', 'p99_ms'))} ms |",
          f"| raw SQLite commits, WAL, synchronous=FULL | {f0(full)} commits/s |",
          f"| raw SQLite commits, WAL, synchronous=NORMAL | {f0(normal)} commits/s |", ""]
    if any(k.startswith("submit360") for k in res):
        L += ["| 360 submission (27 items, personal link) | ok/s | p50 ms | p99 ms | non-2xx/3xx + socket errors | ÷ raw FULL commits | ÷ health c=32 |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
        for c in (1, 8, 32):
            lab = f"submit360_c{c}"; x = g(lab, "ok_rps")
            inv = " (invalid: ran out of links)" if any(r.get("invalid") for r in res.get(lab, [])) else ""
            L.append(f"| c={c}{inv} | {f1(x)} | {f2(g(lab, 'p50_ms'))} | {f2(g(lab, 'p99_ms'))} | {bad(lab)} | {ratio(x, full)} | {ratio(x, health_w)} |")
        L.append("")
    if any(k.endswith("_c32") and not k.startswith(("submit", "ceiling", "w_")) for k in res):
        L += ["| Read as the coach (demo engagement) | c | ok/s | p50 ms | p99 ms | non-2xx | ÷ health c=32 |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for page in ("eng_page", "report_page", "api_engagement", "api_results360"):
            for c in (1, 32):
                lab = f"{page}_c{c}"; x = g(lab, "ok_rps")
                if lab in res:
                    L.append(f"| {page} | {c} | {f1(x)} | {f2(g(lab, 'p50_ms'))} | {f2(g(lab, 'p99_ms'))} | {bad(lab)} | {ratio(x, health_r)} |")
        L.append("")
    sizes = sorted({r["size"] for rs in res.values() for r in rs if r.get("label", "").startswith("growth_") and "size" in r})
    if sizes:
        L += ["| Growth: median ms, one request at a time | " + " | ".join(f"{s:,} eng." for s in sizes) + f" | {sizes[-1]:,} ÷ {sizes[0]:,} |",
              "| --- " * (len(sizes) + 2) + "|"]
        for page in ("home", "list_page", "eng_page", "report_page", "api_engagement", "api_results360", "api_list",
                     "people_page", "api_people", "admin_api_outbox"):
            cells, first, last = [], None, None
            for s in sizes:
                r = next((r for r in res.get(f"growth_{page}", []) if r["size"] == s), None)
                if r is None: cells.append("–"); continue
                if "error" in r: cells.append("error"); last = None; continue
                if "timed_out_after_s" in r: cells.append(f"> {r['timed_out_after_s']:g} s"); last = None; continue
                v = r["median_ms"]; cells.append(f"{v:,.1f}" + ("" if r.get("status") == 200 else f" ({r.get('status')})"))
                first = v if s == sizes[0] else first; last = v if s == sizes[-1] else last
            L.append(f"| {page} | " + " | ".join(cells) + f" | {ratio(last, first)} |")
        rss = [next((r for r in res.get("growth_rss", []) if r["size"] == s), {}) for s in sizes]
        L.append("| server RSS after the timings, MB (peak) | " + " | ".join(f"{r.get('VmRSS', '–')} ({r.get('VmHWM', '–')})" for r in rss) + " | |")
        gr = [next((r for r in res.get("grow", []) if r["size"] == s), {}) for s in sizes]
        L.append("| database size, MB | " + " | ".join(str(r.get("db_mb", "–")) for r in gr) + " | |")
        st = [next((r for r in res.get("growth_start", []) if r["size"] == s), {}) for s in sizes]
        L.append("| start to first answer, s | " + " | ".join(str(r.get("start_s", "–")) for r in st) + " | |")
        L.append("")
    if "cold_existing" in res or "cold_empty" in res:
        L += ["| Cold start (exec to first 200 of /api/v1/health) | median s | min–max s | idle RSS MB (after 5 s) |", "| --- | --- | --- | --- |"]
        for mode, what in (("existing", "demo database"), ("empty", "empty folder: migrations + first admin")):
            r = res.get(f"cold_{mode}", [{}])[0]
            if r: L.append(f"| {what} | {r.get('median_start_s')} | {r.get('min')}–{r.get('max')} | {r.get('median_idle_rss_mb')} |")
        L.append("")
    return "\n".join(L)


if __name__ == "__main__":
    sys.exit(main())
