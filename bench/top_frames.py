"""Summarizes a JFR recording's execution samples as Markdown: where smsync's CPU time goes.

Usage: python3 top_frames.py JFR_BINARY RECORDING.jfr [TOP]
Reads `jfr print --json --stack-depth 128` (jdk.ExecutionSample, jdk.NativeMethodSample) and prints:
- self: the top (innermost) frame of each sample, i.e. the method that was running;
- smsync: the innermost io.smsync frame of each sample, i.e. which of smsync's own methods the time is spent under;
- library: the share of samples with any frame of a library (package prefix) on the stack, i.e. inclusive time;
- owner: the library (or smsync) whose frame is nearest the top, JDK frames skipped, i.e. whose code runs;
- native: the top frames of threads sampled in native code (SQLite's C library, I/O) under smsync's code.
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
    ("io.smsync", "smsync"),
]


def frame_name(frame):
    method = frame["method"]
    # JFR names most classes in the internal form (java/lang/String); hidden classes with dots.
    return f'{method["type"]["name"].replace("/", ".")}.{method["name"]}'


def owner(names):
    """The library (or smsync) whose code is running: its frame nearest the top, JDK frames skipped."""
    for name in names:
        for prefix, label in LIBRARIES:
            if name.startswith(prefix + "."):
                return label
        if not name.startswith(("java.", "javax.", "jdk.", "sun.", "com.sun.")):
            return name.rsplit(".", 2)[0] if name.count(".") > 2 else name
    return "JDK only"


def samples(jfr, recording, event):
    printed = subprocess.run([jfr, "print", "--json", "--stack-depth", "128", "--events", event, recording],
                             check=True, capture_output=True, text=True).stdout
    for sample in json.loads(printed)["recording"]["events"]:
        trace = sample["values"].get("stackTrace")
        if trace and trace["frames"]:
            yield [frame_name(f) for f in trace["frames"]]


def table(title, counts, total, top):
    print(f"| {title} | samples | share |\n|---|---|---|")
    for name, count in counts.most_common(top):
        print(f"| `{name}` | {count} | {100 * count / max(total, 1):.1f} % |")
    print()


def main():
    jfr, recording = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    self_counts, smsync_counts = collections.Counter(), collections.Counter()
    library_counts, owner_counts = collections.Counter(), collections.Counter()
    total = 0
    for names in samples(jfr, recording, "jdk.ExecutionSample"):
        total += 1
        self_counts[names[0]] += 1
        # Lambda classes ($$Lambda) only forward; the method below them says where the code is.
        own = next((n for n in names if n.startswith("io.smsync.") and "$$Lambda" not in n), "(no smsync frame)")
        smsync_counts[own] += 1
        for prefix, label in LIBRARIES:
            if any(n.startswith(prefix + ".") for n in names):
                library_counts[label] += 1
        owner_counts[owner(names)] += 1
    print(f"{total} execution samples (threads running Java code).\n")
    table("Top frames (self)", self_counts, total, top)
    table("Innermost smsync method (time spent in or under it)", smsync_counts, total, top)
    table("Library on the stack (inclusive: callers such as Jetty include the handlers)", library_counts, total,
          len(LIBRARIES))
    table("Owner of the running code (innermost frame outside the JDK)", owner_counts, total, len(LIBRARIES))
    # Threads in native code (SQLite's C library, socket and file I/O) are sampled separately; idle
    # waits count here too, so only stacks with smsync's or the JDBC drivers' frames are shown.
    native, native_total = collections.Counter(), 0
    for names in samples(jfr, recording, "jdk.NativeMethodSample"):
        if any(n.startswith(("io.smsync.", "org.sqlite.", "org.postgresql.")) for n in names):
            native_total += 1
            native[names[0]] += 1
    print(f"{native_total} native-method samples under smsync's code or a JDBC driver.\n")
    table("Native top frames", native, native_total, 8)

if __name__ == "__main__":
    main()
