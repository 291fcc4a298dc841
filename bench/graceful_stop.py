#!/usr/bin/env python3
"""Graceful stop under load: SIGTERM while requests that read the database are in flight.

Usage: graceful_stop.py BINARY [--trials 3]

Starts `BINARY serve` on a fresh SQLite file, keeps 32 clients requesting a page that reads the
database (`GET /link/<unknown token>`), sends SIGTERM, and checks that the server exits with
status 0 within 30 s and without a crash (before the fix, Vapor closed the database pools before
the HTTP server and requests in flight died on "Unexpectedly found nil"). Standard library only.
Exit status 0 = pass.
"""
import http.client, os, signal, socket, subprocess, sys, tempfile, threading, time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def hammer(port, stop, counts):
    while not stop.is_set():
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/link/not-a-token")
            c.getresponse().read()
            counts[0] += 1
        except OSError:
            time.sleep(0.01)


def trial(binary, n):
    work = tempfile.mkdtemp(prefix="cw-stop-")
    port = free_port()
    env = dict(os.environ, COACHWORK_OUTBOX_WORKER="false", COACHWORK_SQLITE_PATH=os.path.join(work, "db.sqlite"),
               COACHWORK_MAIL_DIR=os.path.join(work, "mail"), COACHWORK_PORT=str(port))
    env.pop("DATABASE_URL", None)
    log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)], cwd=work, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    stop, counts = threading.Event(), [0]
    threads = [threading.Thread(target=hammer, args=(port, stop, counts), daemon=True) for _ in range(32)]
    for t in threads:
        t.start()
    time.sleep(2)
    server.send_signal(signal.SIGTERM)
    try:
        code = server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        code = "timeout"
    stop.set()
    log.close()
    text = open(os.path.join(work, "server.log")).read()
    crashed = "Unexpectedly found nil" in text or "Fatal error" in text
    ok = code == 0 and not crashed
    print(f"trial {n}: {counts[0]} requests answered, exit status {code}, crash text: {crashed} -> {'ok' if ok else 'FAIL'}")
    if not ok:
        print(text[-3000:])
    return ok


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    trials = int(sys.argv[sys.argv.index("--trials") + 1]) if "--trials" in sys.argv else 3
    binary = os.path.abspath(sys.argv[1])  # the server runs in a scratch folder
    results = [trial(binary, n + 1) for n in range(trials)]
    print("RESULT:", "PASS" if all(results) else "FAIL")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
