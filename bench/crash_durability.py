#!/usr/bin/env python3
"""Crash durability and steady-load check for Coachwork's 360 submissions (stdlib only).

usage:
  crash_durability.py BINARY [--trials 20] [--seconds 4] [--clients 16]
                      [--steady-seconds 60] [--steady-clients 64] [--mode both|crash|steady]
                      [--database-url postgres://...] [--workdir DIR] [--keep] [--seed N]

BINARY is a coachwork executable (the debug build is fine: .build/debug/coachwork).

What it does
  1. Starts `BINARY serve --demo` on a fresh SQLite file in a temp folder (COACHWORK_SQLITE_PATH),
     with COACHWORK_OUTBOX_WORKER=false (the personal links are read from the outbox) and
     COACHWORK_TRUST_FORWARDED_FOR=true (each simulated rater sends its own X-Forwarded-For address,
     so the per-address limit on POST /link/... -- 120 per 10 minutes -- applies per rater, as it
     would for real raters). With --database-url (or DATABASE_URL) the server runs on PostgreSQL
     instead and the checks use psql.
  2. Seeds through the JSON API (token from `coachwork token create`): an engagement with N
     stakeholders and a 27-item 360 (9 competencies x 3 items); the phase change to "analysis" is
     made in SQL, as bench/seed.py does. The form tokens come from the pending invitation emails.
  3. Crash mode, per trial: C client threads submit questionnaires like browsers do (GET the link
     page for a session + CSRF token, POST the 27 answers with intent=submit); some raters
     double-submit (two POSTs at once). At a random moment the server gets SIGKILL. It is started
     again, and the checks run:
       - every submission that got "200 Thank you" is stored: link used, rater submitted_at set,
         27 ratings rows;
       - every rater is all-or-nothing: (link used) == (submitted_at set) == (27 rows); 0 rows if not;
       - nothing stored twice: no rater has more than 27 rows or duplicate items, and no token got
         two success answers;
       - a definite non-success answer (4xx/5xx) is an error, and a violation if the data was stored
         anyway;
       - the submissions cut off by the kill are retried once on the restarted server: stored ones
         must answer 410 (already used), the others must now succeed (exactly once);
       - SQLite: PRAGMA integrity_check = ok and PRAGMA foreign_key_check is empty.
  4. Steady mode: --steady-clients threads for --steady-seconds against the running server, fresh
     raters' submissions (GET + POST); when the fresh links run out, draft saves on one rater per
     client. Every answer other than the expected one, and every socket error, counts as an error.
     Must be zero.

Exit status: 0 when all is well, 1 on any violation or error, 2 on a set-up failure.
A JSON summary is printed last (and written to WORKDIR/summary.json).
"""
import argparse, hashlib, http.client, json, os, random, re, shutil, signal, socket, sqlite3
import subprocess, sys, tempfile, threading, time, urllib.parse

COACH = "coach@demo.coachwork.local"
N_ITEMS = 27
SCORES = ["4", "5", "3", "4", "na", "4", "2", "5", "4"]


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


# ---------------------------------------------------------------- database access (SQLite or psql)
class DB:
    def __init__(self, sqlite_path=None, pg_url=None):
        self.path, self.pg = sqlite_path, pg_url

    def _psql_url(self):
        # libpq does not know Vapor's tlsmode parameter
        u = urllib.parse.urlsplit(self.pg)
        q = [(k, v) for k, v in urllib.parse.parse_qsl(u.query) if k not in ("tlsmode", "tls")]
        if not any(k == "sslmode" for k, _ in q): q.append(("sslmode", "disable"))
        return urllib.parse.urlunsplit((u.scheme, u.netloc, u.path, urllib.parse.urlencode(q), ""))

    def rows(self, stmt):
        """Runs a statement; returns rows as lists of strings (SQLite values converted with str)."""
        if self.pg:
            p = subprocess.run(["psql", self._psql_url(), "-X", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", stmt],
                               capture_output=True, text=True, timeout=300)
            if p.returncode != 0: raise RuntimeError(f"psql: {p.stderr.strip()}")
            return [l.split("\t") for l in p.stdout.splitlines() if l]
        con = sqlite3.connect(self.path, timeout=60)
        try:
            cur = con.execute(stmt)
            out = [["" if v is None else str(v) for v in r] for r in cur.fetchall()]
            con.commit()
            return out
        finally:
            con.close()

    def exec(self, stmt):
        self.rows(stmt)


def uuid_eq(col, value):
    # SQLite stores Fluent UUIDs as upper-case text, PostgreSQL as uuid
    return f"(upper(CAST({col} AS TEXT)) = '{value.upper()}')"


# ---------------------------------------------------------------- server process
class Server:
    def __init__(self, binary, workdir, env, log_path):
        self.binary, self.workdir, self.env, self.log_path = binary, workdir, env, log_path
        self.proc, self.port = None, None
        self.starts = []

    def start(self, demo=False, timeout=120):
        self.port = free_port()
        args = [self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)] + (["--demo"] if demo else [])
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(args, cwd=self.workdir, env=self.env, stdout=open(self.log_path, "a"),
                                     stderr=subprocess.STDOUT)
        while time.perf_counter() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode} during start-up; see {self.log_path}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/api/v1/health")
                if c.getresponse().status == 200:
                    self.starts.append(time.perf_counter() - t0)
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"server did not answer /api/v1/health within {timeout} s; see {self.log_path}")

    def kill(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try: self.proc.wait(30)
            except subprocess.TimeoutExpired: self.kill()

    def rss_mb(self):
        try:
            for l in open(f"/proc/{self.proc.pid}/status"):
                if l.startswith("VmRSS"): return round(int(l.split()[1]) / 1024, 1)
        except OSError:
            return None


# ---------------------------------------------------------------- HTTP client (one keep-alive connection per thread)
class Client:
    TIMEOUT = 60

    def __init__(self, port, timeout=None):
        self.port, self.timeout, self.conn = port, timeout or Client.TIMEOUT, None

    def request(self, method, path, body=None, headers=None):
        """Returns (status, headers dict, body text); raises OSError/HTTPException on a socket problem."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            self.conn.request(method, path, body=body, headers=headers or {})
            r = self.conn.getresponse()
            data = r.read().decode("utf-8", "replace")
            hdrs = {k.lower(): v for k, v in r.getheaders()}
            if hdrs.get("connection", "").lower() == "close":
                self.close()
            return r.status, hdrs, data
        except BaseException:
            self.close()
            raise

    def close(self):
        if self.conn is not None:
            try: self.conn.close()
            except Exception: pass
            self.conn = None


def api(port, token, method, path, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request(method, "/api/v1" + path, body=json.dumps(body) if body is not None else None,
              headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    r = c.getresponse(); data = r.read()
    if r.status >= 300:
        raise RuntimeError(f"{method} {path} -> {r.status} {data[:300]!r}")
    return json.loads(data) if data else None


CSRF_RE = re.compile(r'name="_csrf" value="([^"]+)"')
SCORE_RE = re.compile(r'name="(score_[^"]+)"')


def open_form(cl, token, xff):
    """GET the link page like a browser: returns (cookie, csrf, score field names) or raises."""
    st, h, body = cl.request("GET", "/link/" + token, headers={"X-Forwarded-For": xff})
    if st != 200:
        raise FormGone(st, body)
    m = re.search(r"coachwork_session=([^;]+)", h.get("set-cookie", ""))
    csrf = CSRF_RE.search(body)
    if not m or not csrf:
        raise RuntimeError("link page without session cookie or CSRF token")
    return m.group(1), csrf.group(1), sorted(set(SCORE_RE.findall(body)))


class FormGone(Exception):
    def __init__(self, status, body):
        super().__init__(status); self.status, self.body = status, body


def form_body(csrf, fields, intent):
    pairs = [("_csrf", csrf)] + [(f, SCORES[i % len(SCORES)]) for i, f in enumerate(fields)]
    pairs += [("answer_0", "Keeps the team focused on results; could delegate more."), ("intent", intent)]
    return urllib.parse.urlencode(pairs)


def post_form(cl, token, cookie, body, xff):
    return cl.request("POST", "/link/" + token, body=body,
                      headers={"Content-Type": "application/x-www-form-urlencoded",
                               "Cookie": f"coachwork_session={cookie}", "X-Forwarded-For": xff})


def is_thanks(status, body):
    return status == 200 and "Your answers are received" in body


# ---------------------------------------------------------------- seeding
class Seeder:
    def __init__(self, server, db, api_token):
        self.server, self.db, self.tok = server, db, api_token
        self.run = f"{int(time.time())}-{os.getpid()}"
        self.k = 0
        self.comps = None
        self.engagements = []

    def seed(self, n):
        """One engagement with n stakeholders and an open 27-item 360; returns the form tokens."""
        port = self.server.port
        if self.comps is None:
            comps = api(port, self.tok, "GET", "/competencies")
            if isinstance(comps, dict):   # tolerate a paginated envelope ({"items": [...], ...})
                comps = next((v for v in comps.values() if isinstance(v, list)), [])
            self.comps = [c["id"] for c in comps][:9]
        k = self.k; self.k += 1
        ppl = [api(port, self.tok, "POST", "/people", {"email": f"{r}-{self.run}-{k}@crash.example", "name": f"Crash {r} {k}",
                                                        "timeZone": "UTC"})["id"] for r in ("client", "sponsor", "hr")]
        eid = api(port, self.tok, "POST", "/engagements", {"clientId": ppl[0], "sponsorId": ppl[1], "hrPartnerId": ppl[2],
                                                           "presentingProblem": "Crash test", "objective": "Durability"})["id"]
        self.db.exec(f"UPDATE engagements SET phase='analysis' WHERE {uuid_eq('id', eid)}")
        rels = ["peer", "direct_report", "manager", "customer", "other"]
        errs = []
        def nominate(i):
            try:
                api(port, self.tok, "POST", f"/engagements/{eid}/stakeholders",
                    {"name": f"Rater {k}-{i}", "email": f"r{i}-{self.run}-{k}@crash.example", "relationship": rels[i % 5]})
            except Exception as e:
                errs.append(e)
        for lo in range(0, n, 8):
            ts = [threading.Thread(target=nominate, args=(i,)) for i in range(lo, min(n, lo + 8))]
            [t.start() for t in ts]; [t.join() for t in ts]
        if errs: raise errs[0]
        a = api(port, self.tok, "POST", f"/engagements/{eid}/assessments", {"competencyIds": self.comps})
        body = "substring(text_body from '/link/[A-Za-z0-9_-]{43}')" if self.db.pg else "text_body"   # psql prints one row a line
        rows = self.db.rows(f"SELECT id, {body} FROM outbox_messages WHERE status='pending' "
                            f"AND purpose='assessment_invitation' AND {uuid_eq('engagement_id', eid)}")
        toks = []
        for mid, body in rows:
            m = re.search(r"/link/([A-Za-z0-9_-]{43})", body or "")
            if m: toks.append(m.group(1))
        # mark them sent, so no outbox worker writes them later (the worker is off anyway)
        self.db.exec(f"UPDATE outbox_messages SET status='sent' WHERE status='pending' AND purpose='assessment_invitation' "
                     f"AND {uuid_eq('engagement_id', eid)}")
        self.engagements.append({"engagement": eid, "assessment": a["id"], "tokens": len(toks)})
        return toks


# ---------------------------------------------------------------- the state of raters in the database
def rater_states(db, tokens):
    """token -> (link used?, submitted?, ratings rows, distinct items) for the given tokens."""
    by_hash = {hashlib.sha256(t.encode()).hexdigest(): t for t in tokens}
    out = {}
    hashes = list(by_hash)
    for lo in range(0, len(hashes), 500):
        chunk = ",".join(f"'{h}'" for h in hashes[lo:lo + 500])
        rows = db.rows(f"""
            SELECT l.token_hash,
                   CASE WHEN l.used_at IS NULL THEN 0 ELSE 1 END,
                   CASE WHEN r.submitted_at IS NULL THEN 0 ELSE 1 END,
                   (SELECT count(*) FROM assessment_ratings x WHERE x.rater_id = r.id),
                   (SELECT count(*) FROM (SELECT DISTINCT competency_id, item_id FROM assessment_ratings y
                                          WHERE y.rater_id = r.id) d)
            FROM personal_links l LEFT JOIN assessment_raters r ON r.id = l.subject_id
            WHERE l.token_hash IN ({chunk})""")
        for h, used, sub, n, nd in rows:
            out[by_hash[h]] = (used == "1", sub == "1", int(n), int(nd))
    return out


# ---------------------------------------------------------------- load
class Pool:
    def __init__(self, tokens):
        self.toks, self.lock = list(tokens), threading.Lock()

    def take(self):
        with self.lock:
            return self.toks.pop() if self.toks else None

    def give_back(self, t):
        with self.lock:
            self.toks.append(t)

    def __len__(self):
        return len(self.toks)


class Outcomes:
    """What the clients saw, per token."""
    def __init__(self):
        self.lock = threading.Lock()
        self.success = {}        # token -> number of "Thank you" answers
        self.definite = {}       # token -> [status, ...] of non-success answers to a submission
        self.unknown = set()     # tokens whose POST got no answer (socket error)
        self.errors = []         # (what, status or error text)
        self.counts = {"submit_ok": 0, "draft_ok": 0, "form_get": 0, "double_submits": 0}

    def add(self, kind, token, value=None):
        with self.lock:
            if kind == "ok":
                self.success[token] = self.success.get(token, 0) + 1; self.counts["submit_ok"] += 1
            elif kind == "definite":
                self.definite.setdefault(token, []).append(value)
            elif kind == "unknown":
                self.unknown.add(token)
            elif kind == "error":
                self.errors.append(value if value is not None else token)
            else:
                self.counts[kind] = self.counts.get(kind, 0) + 1


def xff_for(token):
    h = hashlib.sha256(token.encode()).digest()
    return f"10.{h[0]}.{h[1]}.{h[2] or 1}"


def submit_one(cl, token, out, double_p, rnd, port, stop):
    """A rater opens the link and submits. Returns "posted", "fresh" (no POST went out: the token
    is still unused) or "bad" (the link page did not work: the token is dropped)."""
    xff = xff_for(token)
    try:
        cookie, csrf, fields = open_form(cl, token, xff)
        out.add("form_get", token)
    except FormGone as e:
        out.add("error", token, ("GET /link (fresh rater)", e.status)); return "bad"
    except (OSError, http.client.HTTPException):
        return "fresh"
    if len(fields) != N_ITEMS:
        out.add("error", token, ("form has items", len(fields))); return "bad"
    body = form_body(csrf, fields, "submit")
    extra = None
    if rnd.random() < double_p:          # a double click: a second POST on another connection, at once
        out.add("double_submits", token)
        def second():
            c2 = Client(port)
            try:
                st, _, b = post_form(c2, token, cookie, body, xff)
                out.add("ok", token) if is_thanks(st, b) else out.add("definite", token, st)
            except (OSError, http.client.HTTPException):
                out.add("unknown", token)
            finally:
                c2.close()
        extra = threading.Thread(target=second); extra.start()
    try:
        st, _, b = post_form(cl, token, cookie, body, xff)
        if is_thanks(st, b): out.add("ok", token)
        else: out.add("definite", token, st)
    except (OSError, http.client.HTTPException):
        out.add("unknown", token)
    if extra: extra.join()
    return "posted"


def run_clients(port, pool, n_clients, out, stop, double_p, seed, draft_tokens=None):
    """n_clients threads submitting fresh raters until stop; with draft_tokens (one per client),
    a client whose pool is empty saves drafts on its own rater instead."""
    def worker(i):
        rnd = random.Random(seed * 1000 + i)
        cl = Client(port)
        draft = None
        while not stop.is_set():
            t = pool.take()
            if t is None:
                if not draft_tokens: break
                if draft is None:
                    try:
                        dt = draft_tokens[i]
                        draft = (dt,) + open_form(cl, dt, xff_for(dt))
                    except Exception as e:
                        out.add("error", None, ("GET /link (draft rater)", repr(e))); break
                dt, cookie, csrf, fields = draft
                try:
                    st, _, b = post_form(cl, dt, cookie, form_body(csrf, fields, "draft"), xff_for(dt))
                    if st == 200 and "Your answers are received" not in b: out.add("draft_ok", dt)
                    else: out.add("error", dt, ("POST /link draft", st))
                except (OSError, http.client.HTTPException) as e:
                    if not stop.is_set(): out.add("error", dt, ("POST /link draft", repr(e)))
                continue
            if submit_one(cl, t, out, double_p, rnd, port, stop) == "fresh":
                pool.give_back(t)         # never reached the POST: still fresh
                if stop.is_set(): break
                time.sleep(0.01)
        cl.close()
    ts = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(n_clients)]
    [t.start() for t in ts]
    return ts


# ---------------------------------------------------------------- checks
def check(db, tokens, out, label, violations):
    """Checks the raters of `tokens` against what the clients saw; appends to violations."""
    st = rater_states(db, tokens)
    for t in tokens:
        if t not in st:
            violations.append(f"{label}: token {t[:8]}… has no personal link row"); continue
        used, sub, n, nd = st[t]
        stored = used and sub and n == N_ITEMS
        if not ((used == sub) and ((sub and n == N_ITEMS) or (not sub and n == 0))):
            violations.append(f"{label}: rater {t[:8]}… half stored: link_used={used} submitted={sub} rows={n}")
        if n > N_ITEMS or nd != n:
            violations.append(f"{label}: rater {t[:8]}… stored twice: rows={n} distinct items={nd}")
        if out.success.get(t, 0) > 1:
            violations.append(f"{label}: token {t[:8]}… got {out.success[t]} success answers")
        if out.success.get(t) and not stored:
            violations.append(f"{label}: token {t[:8]}… answered 200 Thank you but is not stored "
                              f"(link_used={used} submitted={sub} rows={n})")
        for code in out.definite.get(t, []):
            # the second POST of a double click may answer 410 (link used) or 409 (already submitted)
            double_ok = code in (409, 410) and out.success.get(t)
            if not double_ok and stored and not out.success.get(t) and t not in out.unknown:
                violations.append(f"{label}: token {t[:8]}… answered {code} but was stored")
            if not double_ok:
                out.errors.append((f"POST /link answered {code}", t[:8]))
    return st


def integrity(db):
    if db.pg:
        return "ok (PostgreSQL: no integrity_check; consistency checked per rater)", []
    ic = [r[0] for r in db.rows("PRAGMA integrity_check")]
    fk = db.rows("PRAGMA foreign_key_check")
    return ",".join(ic), fk


def retry_unknown(port, tokens, states, violations, label):
    """The clients cut off by the kill try once more (a fresh browser): stored -> 410; else -> success."""
    cl = Client(port)
    res = {"retried": 0, "retry_stored_410": 0, "retry_now_ok": 0}
    for t in tokens:
        res["retried"] += 1
        used, sub, n, _ = states[t]
        xff = xff_for(t)
        try:
            cookie, csrf, fields = open_form(cl, t, xff)
        except FormGone as e:
            if used: res["retry_stored_410"] += 1
            else: violations.append(f"{label}: retry of unstored {t[:8]}…: link page answered {e.status}")
            continue
        if used:
            violations.append(f"{label}: retry of stored {t[:8]}…: link page still open")
            continue
        st, _, b = post_form(cl, t, cookie, form_body(csrf, fields, "submit"), xff)
        if is_thanks(st, b): res["retry_now_ok"] += 1
        else: violations.append(f"{label}: retry of unstored {t[:8]}… answered {st}")
    cl.close()
    return res


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--mode", choices=["both", "crash", "steady"], default="both")
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=4.0, help="a trial's kill comes at a random moment in [0.05, SECONDS] s after the first form is open")
    ap.add_argument("--clients", type=int, default=16, help="concurrent clients during crash trials")
    ap.add_argument("--double", type=float, default=0.1, help="share of raters that double-submit")
    ap.add_argument("--steady-seconds", type=float, default=60.0)
    ap.add_argument("--steady-clients", type=int, default=64)
    ap.add_argument("--raters", type=int, default=0, help="raters seeded per batch (default: sized from the modes)")
    ap.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                    help="run on PostgreSQL (an empty or Coachwork database; the server is killed, checks use psql)")
    ap.add_argument("--workdir", help="scratch folder (default: a new temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--inject-fault", action="store_true",
                    help="self-test of the checks: delete one acknowledged submission's rows after each kill (must FAIL)")
    ap.add_argument("--timeout", type=float, default=60, help="seconds a client waits for an answer (then: an error)")
    a = ap.parse_args()
    Client.TIMEOUT = a.timeout

    binary = os.path.abspath(a.binary)
    if not os.access(binary, os.X_OK): print(f"not executable: {binary}", file=sys.stderr); return 2
    wd = a.workdir or tempfile.mkdtemp(prefix="cw-crash-")
    os.makedirs(wd, exist_ok=True)
    rnd = random.Random(a.seed)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACHWORK_") and k != "DATABASE_URL"}
    env.update(COACHWORK_OUTBOX_WORKER="false", COACHWORK_TRUST_FORWARDED_FOR="true",
               COACHWORK_MAIL_DIR=os.path.join(wd, "mail"), LOG_LEVEL=os.environ.get("LOG_LEVEL", "warning"))
    if a.database_url:
        env["DATABASE_URL"] = a.database_url
        db = DB(pg_url=a.database_url)
    else:
        path = os.path.join(wd, "data", "coachwork.sqlite")
        env["COACHWORK_SQLITE_PATH"] = path
        db = DB(sqlite_path=path)
    server = Server(binary, wd, env, os.path.join(wd, "server.log"))
    summary = {"binary": binary, "database": "postgresql" if a.database_url else "sqlite", "workdir": wd,
               "seed": a.seed, "mode": a.mode}
    violations, errors = [], []
    log(f"workdir {wd}; database {summary['database']}; seed {a.seed}")
    try:
        server.start(demo=True, timeout=300)
        p = subprocess.run([binary, "token", "create", "--email", COACH, "--name", "crash-durability"], cwd=wd, env=env,
                           capture_output=True, text=True, timeout=120)
        if p.returncode != 0: raise RuntimeError(f"token create failed: {p.stderr.strip()}")
        api_token = p.stdout.strip().split()[-1]
        seeder = Seeder(server, db, api_token)
        batch = a.raters or max(100, min(1500, a.clients * 25))
        t0 = time.time()
        pool = Pool(seeder.seed(batch))
        log(f"seeded {len(pool)} raters in {time.time() - t0:.1f} s")
        all_tokens = set(pool.toks)

        # ------------------------------------------------ crash trials
        if a.mode in ("both", "crash"):
            trials = []
            most = 0      # the most raters a trial has used so far
            for trial in range(1, a.trials + 1):
                if len(pool) < max(a.clients * 4, int(most * 1.5)) + 20:
                    new = seeder.seed(max(batch, most * 3)); pool.toks.extend(new); all_tokens.update(new)
                    log(f"seeded {len(new)} more raters")
                out = Outcomes()
                stop = threading.Event()
                before = len(pool)
                ts = run_clients(server.port, pool, a.clients, out, stop, a.double, a.seed + trial)
                w0 = time.time()     # the kill comes at a random moment once the first rater has the form open
                while out.counts["form_get"] == 0 and time.time() - w0 < 30: time.sleep(0.005)
                delay = rnd.uniform(0.05, max(0.1, a.seconds))
                time.sleep(delay)
                server.kill()
                stop.set()
                for t in ts: t.join(30)
                touched = set(out.success) | set(out.definite) | out.unknown
                if a.inject_fault and out.success:   # self-test: lose one acknowledged submission's rows
                    victim = hashlib.sha256(sorted(out.success)[0].encode()).hexdigest()
                    db.exec(f"DELETE FROM assessment_ratings WHERE rater_id IN (SELECT subject_id FROM personal_links "
                            f"WHERE token_hash = '{victim}')")
                    log("injected a fault: deleted the ratings of one acknowledged submission")
                # tokens whose POST never went out went back into the pool; unknown ones get retried below
                server.start(timeout=300)
                label = f"trial {trial}"
                nviol = len(violations)
                states = check(db, sorted(touched), out, label, violations)
                ic, fk = integrity(db)
                if ic != "ok" and not ic.startswith("ok ("): violations.append(f"{label}: integrity_check says {ic}")
                if fk: violations.append(f"{label}: foreign_key_check found {len(fk)} rows, e.g. {fk[:3]}")
                cut = sorted(out.unknown - set(out.success))
                rr = retry_unknown(server.port, cut, states, violations, label)
                if cut:   # after the retry every cut-off rater must be stored exactly once
                    after = rater_states(db, cut)
                    for t in cut:
                        used, sub, n, nd = after[t]
                        if not (used and sub and n == N_ITEMS and nd == N_ITEMS):
                            violations.append(f"{label}: after retry {t[:8]}… link_used={used} submitted={sub} rows={n}")
                errors.extend((label,) + tuple(e) for e in out.errors)
                rec = {"trial": trial, "kill_after_s": round(delay, 2), "ok_answers": out.counts["submit_ok"],
                       "cut_off": len(cut), "definite_non_ok": sum(len(v) for v in out.definite.values()),
                       "double_submits": out.counts["double_submits"], "stored": sum(1 for v in states.values() if v[1]),
                       "restart_s": round(server.starts[-1], 2), "integrity": ic, **rr,
                       "violations": len(violations) - nviol, "errors": len(out.errors)}
                trials.append(rec)
                log(json.dumps(rec))
                most = max(most, before - len(pool))
                if before and len(pool) == 0:
                    log("warning: the pool ran dry before the kill; raise --raters")
            summary["crash"] = {
                "trials": len(trials), "clients": a.clients, "seconds": a.seconds,
                "ok_answers": sum(t["ok_answers"] for t in trials),
                "cut_off_then_retried": sum(t["cut_off"] for t in trials),
                "retried_already_stored": sum(t["retry_stored_410"] for t in trials),
                "retried_now_ok": sum(t["retry_now_ok"] for t in trials),
                "double_submits": sum(t["double_submits"] for t in trials),
                "median_restart_s": sorted(t["restart_s"] for t in trials)[len(trials) // 2] if trials else None,
                "violations": sum(t["violations"] for t in trials), "errors": sum(t["errors"] for t in trials)}

        # ------------------------------------------------ steady load
        if a.mode in ("both", "steady"):
            need = int(a.steady_clients * 2) + 100
            if len(pool) < need:
                new = seeder.seed(max(batch, need)); pool.toks.extend(new); all_tokens.update(new)
            drafts = [pool.take() for _ in range(a.steady_clients)]
            out = Outcomes()
            stop = threading.Event()
            rss0 = server.rss_mb()
            t0 = time.time()
            ts = run_clients(server.port, pool, a.steady_clients, out, stop, 0.0, a.seed, draft_tokens=drafts)
            time.sleep(a.steady_seconds)
            stop.set()
            for t in ts: t.join(60)
            secs = time.time() - t0
            touched = sorted(set(out.success) | set(out.definite) | out.unknown)
            nviol = len(violations)
            check(db, touched, out, "steady", violations)
            for t in sorted(out.unknown):
                out.errors.append(("POST /link: no answer (socket error)", t[:8]))
            ic, fk = integrity(db)
            if ic != "ok" and not ic.startswith("ok ("): violations.append(f"steady: integrity_check says {ic}")
            if fk: violations.append(f"steady: foreign_key_check found {len(fk)} rows")
            errors.extend(("steady",) + tuple(e) for e in out.errors)
            summary["steady"] = {"clients": a.steady_clients, "seconds": round(secs, 1),
                                 "submissions_ok": out.counts["submit_ok"], "draft_saves_ok": out.counts.get("draft_ok", 0),
                                 "submissions_per_s": round(out.counts["submit_ok"] / secs, 1),
                                 "requests_per_s": round((out.counts["submit_ok"] + out.counts.get("draft_ok", 0)
                                                          + out.counts["form_get"]) / secs, 1),
                                 "errors": len(out.errors), "violations": len(violations) - nviol,
                                 "rss_before_mb": rss0, "rss_after_mb": server.rss_mb(), "integrity": ic}
            log(json.dumps(summary["steady"]))
        summary["engagements"] = seeder.engagements
    except Exception as e:
        import traceback; traceback.print_exc()
        log(f"set-up failure: {e!r}")
        summary["setup_failure"] = repr(e)
        violations.append(f"set-up failure: {e!r}")
    finally:
        server.stop()
    summary["violations"] = violations[:50]
    summary["violation_count"] = len(violations)
    summary["error_count"] = len(errors)
    summary["errors"] = [list(map(str, e)) for e in errors[:50]]
    if errors:
        by = {}
        for e in errors:
            k = str(e[1]) + (f" {e[2]}" if len(e) > 2 and isinstance(e[2], int) else "")
            by[k] = by.get(k, 0) + 1
        summary["errors_by_kind"] = by
    json.dump(summary, open(os.path.join(wd, "summary.json"), "w"), indent=1)
    print(json.dumps(summary, indent=1))
    ok = not violations and not errors
    print("RESULT:", "PASS" if ok else f"FAIL ({len(violations)} violations, {len(errors)} errors)")
    if not a.keep and ok and not a.workdir:
        shutil.rmtree(wd, ignore_errors=True)
    if "setup_failure" in summary: return 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
