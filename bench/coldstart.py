#!/usr/bin/env python3
"""Cold start: exec of `coachwork serve` to the first 200 of GET /api/v1/health, N times,
plus RSS at that moment and after IDLE seconds. Mode "existing": a migrated database copied
into a fresh folder each time; mode "empty": a new empty folder (migrations + first admin).
usage: coldstart.py BINARY MODE N [SOURCE_DB] [IDLE]"""
import http.client, json, os, shutil, socket, statistics, subprocess, sys, tempfile, time
binary, mode, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
src = sys.argv[4] if len(sys.argv) > 4 else None
idle = float(sys.argv[5]) if len(sys.argv) > 5 else 5
def rss(pid):
    for l in open(f"/proc/{pid}/status"):
        if l.startswith("VmRSS"): return int(l.split()[1]) / 1024
res = []
for i in range(n):
    d = tempfile.mkdtemp(prefix="cw-cold-")
    if mode == "existing":
        os.makedirs(f"{d}/data"); shutil.copy(src, f"{d}/data/coachwork.sqlite")
        if os.path.exists(src + "-wal"): shutil.copy(src + "-wal", f"{d}/data/coachwork.sqlite-wal")   # WAL mode
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    t0 = time.perf_counter()
    p = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)], cwd=d,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t = None
    while time.perf_counter() - t0 < 30:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1); c.request("GET", "/api/v1/health")
            if c.getresponse().status == 200: t = time.perf_counter() - t0; break
        except OSError: pass
        time.sleep(0.002)
    r0 = rss(p.pid); time.sleep(idle); r1 = rss(p.pid)
    p.terminate()
    try: p.wait(30)
    except subprocess.TimeoutExpired: p.kill(); p.wait()
    shutil.rmtree(d)
    res.append({"start_s": round(t, 3) if t else None, "rss_at_first_200_mb": round(r0, 1), f"rss_after_{idle:g}s_idle_mb": round(r1, 1)})
    print(json.dumps(res[-1]), flush=True)
ts = [r["start_s"] for r in res if r["start_s"]] or [float("nan")]
print(json.dumps({"mode": mode, "n": n, "median_start_s": statistics.median(ts), "min": min(ts), "max": max(ts),
                  "median_idle_rss_mb": statistics.median(r[f"rss_after_{idle:g}s_idle_mb"] for r in res)}))
