#!/usr/bin/env python3
"""Memory after a hostile model answer (docs/benchmarks.md, "Memory after an oversized answer").

Publishes DevBot (Release), starts `devbot serve` on a fresh SQLite file against a stand-in model server whose every
chat answer is ANSWER_MB megabytes, submits one build over HTTP and samples the server's resident memory
(/proc/PID/status) before, during and after. The stand-in counts the bytes DevBot actually read before it hung up.

    python3 benchmarks/memory/oversized_answer.py            # ANSWER_MB=50 SETTLE_SECONDS=30
"""
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ANSWER_MB = int(os.environ.get("ANSWER_MB", "50"))
SETTLE_SECONDS = int(os.environ.get("SETTLE_SECONDS", "30"))
MODEL = "gpt-5-mini"  # priced in the shipped list, so the build gets as far as the call


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stand_in(http.server.BaseHTTPRequestHandler):
    sent = {"bytes": 0, "answers": 0}

    def log_message(self, *args):
        pass

    def do_GET(self):
        body = json.dumps({"object": "list", "data": [{"id": MODEL, "object": "model"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        head = b'{"id":"x","object":"chat.completion","model":"' + MODEL.encode() + b'","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"'
        tail = b'"}}],"usage":{"prompt_tokens":10,"completion_tokens":10}}'
        size = ANSWER_MB * 1024 * 1024
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(head) + size + len(tail)))
        self.end_headers()
        Stand_in.sent["answers"] += 1
        chunk = b"x" * 65536
        try:
            self.wfile.write(head)
            written = 0
            while written < size:
                piece = chunk[: min(len(chunk), size - written)]
                self.wfile.write(piece)
                written += len(piece)
                Stand_in.sent["bytes"] += len(piece)
            self.wfile.write(tail)
        except (BrokenPipeError, ConnectionResetError):
            pass  # DevBot stopped reading: the point of the exercise


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    work = tempfile.mkdtemp(prefix="devbot-memory-")
    model_port, devbot_port = free_port(), free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", model_port), Stand_in)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    subprocess.run(["dotnet", "publish", os.path.join(ROOT, "src", "DevBot"), "-c", "Release", "-o", os.path.join(work, "devbot"),
                    "-nologo", "-v", "quiet"], check=True, stdout=subprocess.DEVNULL)
    env = dict(os.environ, DATABASE_URL=f"Data Source={work}/devbot.db", DEVBOT_DATA_DIR=f"{work}/data",
               LLM_BASE_URL=f"http://127.0.0.1:{model_port}/v1", LLM_MODEL=MODEL, LLM_MAX_RETRIES="0", JOB_MAX_ATTEMPTS="1",
               SANDBOX="off", Logging__LogLevel__Default="Warning")
    binary = os.path.join(work, "devbot", "devbot")
    key = subprocess.run([binary, "users", "create", "--name", "bench"], env=env, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    serve = subprocess.Popen([binary, "serve", "--urls", f"http://127.0.0.1:{devbot_port}"], env=env,
                             stdout=open(os.path.join(work, "serve.log"), "w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{devbot_port}"

    def call(method, path, body=None):
        request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    try:
        for _ in range(600):
            try:
                call("GET", "/api/v1/me")
                break
            except Exception:
                time.sleep(0.2)
        for _ in range(20):  # warm the request path, so "before" is a server that has answered requests
            call("GET", "/api/v1/projects")
        time.sleep(2)
        before = rss_mb(serve.pid)
        project = call("POST", "/api/v1/projects", {"description": "A command line temperature converter in Python, with tests."})
        peak, status, started = before, None, time.time()
        while time.time() - started < 120:
            peak = max(peak, rss_mb(serve.pid))
            details = call("GET", f"/api/v1/projects/{project['id']}")
            status = details["status"]
            if status in ("failed", "completed", "cancelled") or details.get("waitingReason"):
                break
            time.sleep(0.1)
        ended = time.time() - started
        samples = []
        for second in range(SETTLE_SECONDS):
            time.sleep(1)
            samples.append(rss_mb(serve.pid))
            peak = max(peak, samples[-1])
        print(f"answer offered: {ANSWER_MB} MB per call, {Stand_in.sent['answers']} call(s); bytes DevBot read before hanging up: "
              f"{Stand_in.sent['bytes'] / 1024:.0f} KB (of {ANSWER_MB * 1024} KB)")
        print(f"build status: {status} after {ended:.1f} s")
        print(f"RSS before: {before:.0f} MB, peak: {peak:.0f} MB, after {SETTLE_SECONDS} s: {samples[-1]:.0f} MB")
    finally:
        serve.terminate()
        serve.wait(10)
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
