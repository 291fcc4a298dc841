#!/usr/bin/env python3
"""Times sequential GETs (one connection, keep-alive): up to N requests or CAP seconds per URL;
the first request is a warm-up unless it took over 2 s; a request over CAP s is reported as timed out.
usage: timeget.py BASE COOKIE_VALUE API_TOKEN N CAP LABEL=PATH ...   (paths under /api/ use the token;
       labels starting with admin_ use env ADMIN_API_TOKEN instead)
prints one JSON line per URL: label, n, median/min/p90 ms, bytes, status"""
import json, os, sys, time, statistics, requests
base, cookie, tok, n, cap = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
for spec in sys.argv[6:]:
    s = requests.Session()
    label, path = spec.split("=", 1)
    bearer = os.environ.get("ADMIN_API_TOKEN", tok) if label.startswith("admin_") else tok   # admin_*: the admin's token
    hdr = {"Authorization": f"Bearer {bearer}"} if path.startswith("/api/") else {"Cookie": f"coachwork_session={cookie}"}
    ts, size, st = [], 0, None
    t_end = time.time() + cap
    try:
        t0 = time.perf_counter(); r = s.get(base + path, headers=hdr, timeout=cap); first = (time.perf_counter() - t0) * 1000
        if first > 2000: ts.append(first); size, st = len(r.content), r.status_code
        while len(ts) < n and time.time() < t_end:
            t0 = time.perf_counter(); r = s.get(base + path, headers=hdr, timeout=cap); ts.append((time.perf_counter() - t0) * 1000)
            size, st = len(r.content), r.status_code
    except requests.exceptions.Timeout:
        print(json.dumps({"label": label, "timed_out_after_s": cap, "n": len(ts)}), flush=True); continue
    except requests.exceptions.RequestException as e:
        print(json.dumps({"label": label, "error": repr(e)[:300], "n": len(ts)}), flush=True); continue
    if not ts:
        print(json.dumps({"label": label, "error": "no timed request", "n": 0}), flush=True); continue
    ts.sort()
    print(json.dumps({"label": label, "n": len(ts), "median_ms": round(statistics.median(ts), 2), "min_ms": round(ts[0], 2),
                      "p90_ms": round(ts[int(0.9 * (len(ts) - 1))], 2), "bytes": size, "status": st}), flush=True)
