"""Reads how late smsync closed the batches of senders starting with PREFIX, from GET /api/batches
(due_at and closed_at), and prints "closed open p50_s p99_s max_s" (lateness in seconds, nearest rank).

Usage: python3 closing_lateness.py BASE_URL PREFIX   (BASE_URL is http://127.0.0.1:PORT; the API answers
requests from this machine without a token)
"""
import json
import sys
import urllib.parse
import urllib.request
from datetime import datetime

MAX_PAGES = 1000  # 500 batches a page: enough for 500,000 batches


def instant(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def main():
    base, prefix = sys.argv[1], sys.argv[2]
    lateness, still_open, before = [], 0, None
    for _ in range(MAX_PAGES):
        query = {"limit": "500"} | ({"before": before} if before else {})
        with urllib.request.urlopen(f"{base}/api/batches?{urllib.parse.urlencode(query)}", timeout=60) as response:
            page = json.load(response)
        for batch in page["batches"]:
            if not batch["sender"].startswith(prefix):
                continue
            if batch["closed_at"] is None:
                still_open += 1
            else:
                lateness.append((instant(batch["closed_at"]) - instant(batch["due_at"])).total_seconds())
        before = page["next"]
        if not before:
            break
    lateness.sort()

    def rank(q):
        return max(0.0, lateness[min(len(lateness) - 1, int(q * len(lateness)))]) if lateness else 0.0

    print(f"{len(lateness)} {still_open} {rank(0.5):.3f} {rank(0.99):.3f} {max(0.0, lateness[-1] if lateness else 0):.3f}")


if __name__ == "__main__":
    main()
