"""Screenshots of the demo for the README, taken with headless Chromium (DevTools protocol).

Serve a demo database first (``ODOO_PORT=8192 ODOO_DB=ms_screens make run``), then:

    .venv/bin/python scripts/screenshots.py --url http://localhost:8192 --db ms_screens

Each shot signs in as the demo user of its role (password = login; the demo users read
Simplified Chinese) and writes an optimized PNG under doc/screenshots/.
"""

import argparse
import base64
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket
from PIL import Image

DESKTOP = (1440, 900)
PHONE = (390, 844)
MAX_BYTES = 300 * 1024

# (file, login, path, size, selector to wait for, mobile[, script run before the shot])
SHOTS = [
    (
        "meeting_form.png",
        "liu.yang",
        "/odoo/action-meeting_management.meeting_meeting_action/{summit_id}",
        DESKTOP,
        ".o_form_statusbar",
        False,
    ),
    ("my_meetings.png", "zhou.ting", "/odoo/my-meetings", DESKTOP, ".o_kanban_record", False),
    (
        "meeting_form_review.png",
        "li.ming",
        "/odoo/action-meeting_management.meeting_meeting_action/{review_id}",
        DESKTOP,
        ".o_form_statusbar",
        False,
        "document.querySelector(\".o_notebook .nav-link[name='review']\").click()",
    ),
    (
        "task_board.png",
        "zhou.ting",
        "/odoo/action-meeting_management.meeting_task_action",
        DESKTOP,
        ".o_kanban_record",
        False,
    ),
    (
        "signin_sheet.png",
        "zhou.ting",
        "/odoo/action-meeting_management.meeting_meeting_action/{summit_id}",
        DESKTOP,
        "button[name=action_open_signin_sheet]",
        False,
        # the summit's sheet: its channels, who came through which, the rates
        "document.querySelector('button[name=action_open_signin_sheet]').click()",
    ),
    (
        "vendor_ranking.png",
        "qian.jun",
        "/odoo/action-meeting_management_purchase.meeting_vendor_ranking_action",
        DESKTOP,
        ".o_group_header",
        False,
        # without the default grouping: each vendor's rank, average and criteria per quarter
        "document.querySelector('.o_searchview_facet .o_facet_remove').click()",
    ),
    (
        "kiosk_phone.png",
        "wu.fang",
        "/odoo/action-meeting_management.action_checkin_kiosk",
        PHONE,
        ".o_meeting_checkin_kiosk",
        True,
        # a one-character surname is a search
        """const input = document.querySelector('.o_checkin_search_input');
        input.value = '赵';
        input.dispatchEvent(new Event('input', {bubbles: true}));""",
    ),
]


class Chrome:
    def __init__(self, port=9333):
        self.profile = tempfile.mkdtemp(prefix="mm-shots-")
        self.proc = subprocess.Popen(
            [
                os.environ.get("CHROMIUM", "chromium"),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--lang=zh-CN",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as resp:
                    pages = [t for t in json.load(resp) if t["type"] == "page"]
                if pages:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60)
        self.msg_id = 0

    def call(self, method, **params):
        self.msg_id += 1
        self.ws.send(json.dumps({"id": self.msg_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.msg_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!document.querySelector({json.dumps(selector)})"):
                return
            time.sleep(0.3)
        raise TimeoutError(selector)

    def goto(self, url):
        self.call("Page.navigate", url=url)
        time.sleep(1)

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait()


def optimize(png, path):
    image = Image.open(io.BytesIO(png))
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    if buf.tell() > MAX_BYTES:
        buf = io.BytesIO()
        image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT).save(
            buf, "PNG", optimize=True
        )
    with open(path, "wb") as f:
        f.write(buf.getvalue())
    return buf.tell()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://localhost:8192")
    parser.add_argument("--db", default="ms_screens")
    parser.add_argument(
        "--out", default=os.path.join(os.path.dirname(__file__), "..", "doc", "screenshots")
    )
    parser.add_argument("--review-id", default="7", help="id of a meeting in the Review state")
    parser.add_argument("--summit-id", default="1", help="id of the seed summit (closed)")
    parser.add_argument("--only", nargs="*", help="file names to take")
    args = parser.parse_args()
    chrome = Chrome()
    try:
        chrome.call("Page.enable")
        for name, login, path, (width, height), selector, mobile, *script in SHOTS:
            if args.only and name not in args.only:
                continue
            chrome.call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=mobile,
            )
            chrome.call("Emulation.setTimezoneOverride", timezoneId="Asia/Shanghai")
            chrome.call("Network.enable")
            chrome.call("Network.clearBrowserCookies")
            chrome.goto(f"{args.url}/web/login?db={args.db}")
            chrome.wait_for("input[name=login]")
            chrome.evaluate(
                f"""document.querySelector('input[name=login]').value = {json.dumps(login)};
                document.querySelector('input[name=password]').value = {json.dumps(login)};
                document.querySelector('form.oe_login_form').submit();"""
            )
            time.sleep(3)
            chrome.goto(args.url + path.format(review_id=args.review_id, summit_id=args.summit_id))
            try:
                chrome.wait_for(selector)
            except TimeoutError:
                print(f"{name}: {selector} not found", file=sys.stderr)
            if script:
                time.sleep(1)
                chrome.evaluate(script[0])
            time.sleep(3)
            png = base64.b64decode(chrome.call("Page.captureScreenshot", format="png")["data"])
            size = optimize(png, os.path.join(args.out, name))
            print(f"{name}: {width}x{height}, {size // 1024} KiB")
    finally:
        chrome.close()


if __name__ == "__main__":
    sys.exit(main())
