#!/usr/bin/env python3
"""Edit → reload-event latency of `prongsai serve` (a benchmark, not a test).

    python3 bench/serve_latency.py BIN SITE_DIR [EDITS] [--gaps 2,0.3]

Starts `BIN serve` on SITE_DIR, then EDITS times rewrites one record (its title) and measures the
time from the write to the `reload` event on the live-reload channel; then once edits a template
(a site override of 404.html), which rebuilds everything. Each edit is made when the previous
rebuild has finished (the site-wide files too). Prints median and p90 in milliseconds.

With --gaps, instead: for each gap (seconds), EDITS saves of one record's title made that far apart
whatever the server is doing (an officer typing and saving), each timed from the write until the
page itself serves the new title ("page visible", polled every 2 ms); and the server's CPU time
(user + system, /proc/PID/stat) from the first save until it is idle again, per save; then the
same saves again without polling the page, for the server's CPU per save without the poll.
"""
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def rebuilds(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
            c.sendall(b"GET /__prongsai/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            buf = b""
            while True:
                chunk = c.recv(65536)
                if not chunk:
                    break
                buf += chunk
        body = buf.split(b"\r\n\r\n", 1)[1]
        import json
        return json.loads(body)["rebuilds"]
    except (OSError, ValueError, KeyError, IndexError):
        return -1


def stats_ok(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as c:
            c.sendall(b"GET /__prongsai/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return b"rebuilds" in c.recv(65536)
    except OSError:
        return False


def wait_event(sock, name):
    buf = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            raise RuntimeError("event stream closed")
        buf += chunk
        if f"event: {name}".encode() in buf:
            return


def fetch(port, path):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
            c.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            buf = b""
            while True:
                chunk = c.recv(65536)
                if not chunk:
                    return buf
                buf += chunk
    except OSError:
        return b""


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(port):
    """Until the rebuild count has not moved for a second."""
    last, since = rebuilds(port), time.time()
    while time.time() - since < 1.0:
        time.sleep(0.1)
        now = rebuilds(port)
        if now != last:
            last, since = now, time.time()


def gap_runs(proc, port, target, original, edits, gaps, n_files):
    stem = os.path.splitext(os.path.basename(target))[0]
    page = f"/{os.path.basename(os.path.dirname(target))}/{stem}/"
    if b" 200 " not in fetch(port, page).split(b"\r\n", 1)[0] + b" ":
        sys.exit(f"{page} is not served")
    run = 0
    for gap in gaps:
        wait_idle(port)
        cpu0 = cpu_seconds(proc.pid)
        lat = []
        for i in range(edits):
            run += 1
            # Letters, not digits: the site may show digits as Thai digits.
            mark = "บันทึกแก้ไข " + "".join(chr(97 + int(d)) for d in str(run))
            text = original.replace('title = "', f'title = "{mark} ', 1)
            t0 = time.perf_counter()
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            while mark.encode() not in fetch(port, page):
                if time.perf_counter() - t0 > 30:
                    sys.exit("the edit never showed")
                time.sleep(0.002)
            lat.append((time.perf_counter() - t0) * 1000)
            left = gap - (time.perf_counter() - t0)
            if left > 0:
                time.sleep(left)
        wait_idle(port)
        cpu = (cpu_seconds(proc.pid) - cpu0) / edits * 1000
        lat.sort()
        # The same saves again without fetching the page after each: the server's own CPU per
        # save, not that of answering the poll every 2 ms.
        cpu0 = cpu_seconds(proc.pid)
        for i in range(edits):
            run += 1
            mark = "บันทึกแก้ไข " + "".join(chr(97 + int(d)) for d in str(run))
            with open(target, "w", encoding="utf-8") as f:
                f.write(original.replace('title = "', f'title = "{mark} ', 1))
            time.sleep(gap)
        wait_idle(port)
        quiet = (cpu_seconds(proc.pid) - cpu0) / edits * 1000
        print(f"{n_files} files, saves {gap} s apart: edit → page visible median {statistics.median(lat):.1f} ms, "
              f"p90 {lat[int(len(lat) * 0.9) - 1]:.1f} ms, max {lat[-1]:.1f} ms ({edits} saves); "
              f"server CPU {cpu:.0f} ms per save (until idle, polling included), "
              f"{quiet:.0f} ms per save when the page is not polled")


def main():
    args = sys.argv[1:]
    gaps = None
    if "--gaps" in args:
        i = args.index("--gaps")
        gaps = [float(g) for g in args[i + 1].split(",")]
        del args[i:i + 2]
    binary, site = args[0], args[1]
    edits = int(args[2]) if len(args) > 2 else 20
    work = tempfile.mkdtemp(prefix="prongsai-latency-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    root = os.path.join(work, "site")
    shutil.copytree(site, root, ignore=shutil.ignore_patterns("public", "layouts", "hugo.toml"))
    port = free_port()
    t0 = time.time()
    proc = subprocess.Popen([binary, "serve", "--root", root, "--port", str(port), "--output", os.path.join(work, "out")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not stats_ok(port):
            if proc.poll() is not None:
                sys.exit("serve exited")
            time.sleep(0.05)
        start_s = time.time() - t0
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(b"GET /__prongsai/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        time.sleep(0.3)
        news = os.path.join(root, "content", "news")
        target = os.path.join(news, sorted(os.listdir(news))[len(os.listdir(news)) // 2])
        with open(target, encoding="utf-8") as f:
            original = f.read()
        if gaps:
            n = sum(len(fs) for _, _, fs in os.walk(os.path.join(root, "content")))
            print(f"first build+start {start_s:.2f} s")
            gap_runs(proc, port, target, original, edits, gaps, n)
            return
        lat = []
        for i in range(edits):
            text = original.replace('title = "', f'title = "แก้ไขครั้งที่ {i} ', 1)
            t = time.perf_counter()
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            wait_event(sock, "reload")
            lat.append((time.perf_counter() - t) * 1000)
            # The next save comes when the server is idle again (site-wide files written), as
            # when an officer looks at the page before the next edit.
            while rebuilds(port) < i + 1:
                time.sleep(0.05)
            time.sleep(0.1)
        tpl_dir = os.path.join(root, "templates")
        os.makedirs(tpl_dir, exist_ok=True)
        here = os.path.dirname(os.path.abspath(__file__))
        t = time.perf_counter()
        shutil.copy(os.path.join(here, "..", "themes", "default", "templates", "404.html"), os.path.join(tpl_dir, "404.html"))
        wait_event(sock, "reload")
        tpl = (time.perf_counter() - t) * 1000
        n = sum(len(fs) for _, _, fs in os.walk(os.path.join(root, "content")))
        lat.sort()
        print(f"serve {site}: {n} files; first build+start {start_s:.2f} s; one-record edit → reload: "
              f"median {statistics.median(lat):.1f} ms, p90 {lat[int(len(lat) * 0.9) - 1]:.1f} ms, "
              f"min {lat[0]:.1f} ms ({edits} edits); template edit → reload {tpl:.0f} ms")
    finally:
        proc.kill()
        proc.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
