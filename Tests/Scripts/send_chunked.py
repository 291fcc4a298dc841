#!/usr/bin/env python3
"""Sends one request with a chunked (streamed) body of up to TOTAL bytes and reports the answer.

Usage: send_chunked.py HOST PORT METHOD PATH TOTAL_BYTES [HEADER: VALUE]...

Reads the response on a second thread while sending, so an early answer (413) is seen even
when the server then stops reading. Prints one JSON object: status, body, how many body bytes had
been sent when the answer arrived (answered_at) and when sending stopped (sent).
"""
import json
import socket
import sys
import threading


def main():
    host, port, method, path, total = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
    headers = [h for h in sys.argv[6:]]
    sock = socket.create_connection((host, port), timeout=10)
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
    head += "".join(f"{h}\r\n" for h in headers) + "\r\n"
    sock.sendall(head.encode())
    received = bytearray()
    state = {"sent": 0, "answered_at": None}

    def reader():
        while True:
            try:
                data = sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            if state["answered_at"] is None:
                state["answered_at"] = state["sent"]
            received.extend(data)

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    chunk = b"[" + b"1," * 32767 + b"1"   # 65,536 bytes of a JSON array's inside
    sent = 0
    try:
        while sent < total:
            sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            sent += len(chunk)
            state["sent"] = sent
        sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass
    thread.join(timeout=10)
    text = bytes(received).decode("utf-8", "replace")
    status = int(text.split(" ", 2)[1]) if text.startswith("HTTP/") else 0
    body = text.split("\r\n\r\n", 1)[1] if "\r\n\r\n" in text else ""
    print(json.dumps({"status": status, "body": body, "sent": sent, "answered_at": state["answered_at"], "head": text.split("\r\n\r\n", 1)[0]}))


if __name__ == "__main__":
    main()
