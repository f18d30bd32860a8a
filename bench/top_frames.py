"""Summarizes a JFR recording's execution samples as Markdown: where smsync's CPU time goes.

Usage: python3 top_frames.py JFR_BINARY RECORDING.jfr [TOP]
Reads `jfr print --json --stack-depth 128 --events jdk.ExecutionSample` and prints three tables:
- self: the top (innermost) frame of each sample, i.e. the method that was running;
- smsync: the innermost io.smsync frame of each sample, i.e. which of smsync's own methods the time is spent under;
- library: the share of samples with any frame of a library (package prefix) on the stack, i.e. inclusive time.
"""
import collections
import json
import subprocess
import sys

LIBRARIES = [
    ("org.sqlite", "SQLite JDBC (org.sqlite)"),
    ("org.postgresql", "PostgreSQL JDBC"),
    ("org.jdbi", "JDBI"),
    ("com.zaxxer.hikari", "HikariCP"),
    ("com.fasterxml.jackson", "Jackson"),
    ("org.eclipse.jetty", "Jetty"),
    ("io.javalin", "Javalin"),
    ("ch.qos.logback", "Logback (logging)"),
    ("org.slf4j", "SLF4J"),
    ("com.google.i18n.phonenumbers", "libphonenumber"),
    ("io.micrometer", "Micrometer"),
    ("io.smsync", "smsync (any frame)"),
]


def frame_name(frame):
    method = frame["method"]
    return f'{method["type"]["name"]}.{method["name"]}'


def main():
    jfr, recording = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    printed = subprocess.run([jfr, "print", "--json", "--stack-depth", "128", "--events", "jdk.ExecutionSample",
                              recording], check=True, capture_output=True, text=True).stdout
    events = json.loads(printed)["recording"]["events"]
    self_counts, smsync_counts, library_counts = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for event in events:
        trace = event["values"].get("stackTrace")
        if not trace or not trace["frames"]:
            continue
        total += 1
        names = [frame_name(f) for f in trace["frames"]]
        self_counts[names[0]] += 1
        own = next((n for n in names if n.startswith("io.smsync.")), "(no smsync frame)")
        smsync_counts[own] += 1
        for prefix, label in LIBRARIES:
            if any(n.startswith(prefix + ".") for n in names):
                library_counts[label] += 1
    print(f"{total} execution samples.\n")
    for title, counts in [("Top frames (self)", self_counts),
                          ("Innermost smsync frame (time spent in or under it)", smsync_counts)]:
        print(f"| {title} | samples | share |\n|---|---|---|")
        for name, count in counts.most_common(top):
            print(f"| `{name}` | {count} | {100 * count / max(total, 1):.1f} % |")
        print()
    print("| Library on the stack (inclusive) | samples | share |\n|---|---|---|")
    for label, count in library_counts.most_common():
        print(f"| {label} | {count} | {100 * count / max(total, 1):.1f} % |")


if __name__ == "__main__":
    main()
