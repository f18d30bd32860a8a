"""Opens many batches at once: posts one message from each of COUNT unique senders to smsync's generic
webhook, 100 messages per request from a few connections, and prints how long that took.

Usage: python3 open_batches.py URL COUNT   (URL is http://127.0.0.1:PORT/webhooks/sms)
The senders (+1777nnnnnnn) are apart from the wrk scripts' (+1555nnnnnnn).
"""
import http.client
import json
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

PER_REQUEST = 100
CONNECTIONS = 4


def post_range(url, first, last):
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    for start in range(first, last, PER_REQUEST):
        messages = [{"guid": f"open-{i}", "number": f"+1777{i:07d}", "message": "is the shop open today?"}
                    for i in range(start, min(start + PER_REQUEST, last))]
        connection.request("POST", parsed.path, json.dumps({"messages": messages}),
                           {"Content-Type": "application/json"})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"HTTP {response.status} from {url}: {body[:200]!r}")
    connection.close()


def main():
    url, count = sys.argv[1], int(sys.argv[2])
    step = -(-count // CONNECTIONS)
    started = time.monotonic()
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        for future in [pool.submit(post_range, url, first, min(first + step, count))
                       for first in range(0, count, step)]:
            future.result()
    print(f"{time.monotonic() - started:.1f}")


if __name__ == "__main__":
    main()
